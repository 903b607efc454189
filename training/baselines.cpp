#include "training/baselines.h"

#include "text/text_util.h"

#include <vector>

namespace axl::training {

std::string_view short_name(std::string_view q) {
  auto dot = q.rfind('.');
  return dot == std::string_view::npos ? q : q.substr(dot + 1);
}

std::string name_split_summary(std::string_view id) {
  std::string out;
  for (const auto& w : text::split_identifier(id)) out += (out.empty() ? "" : " ") + w;
  if (out.empty()) return out;
  out[0] = text::to_upper(out[0]);
  return out + ".";
}

} // namespace axl::training
