#include "training/allowlist.h"

#include "allowlist_text.h"

#include <algorithm>
#include <vector>

namespace axl::training {
namespace {

std::vector<std::string_view> parse_allowlist(std::string_view text) {
  std::vector<std::string_view> names;
  while (!text.empty()) {
    auto eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    line = line.substr(0, line.find('#'));
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) continue;
    auto last = line.find_last_not_of(" \t\r");
    names.push_back(line.substr(first, last - first + 1));
  }
  return names;
}

} // namespace

std::span<const std::string_view> corpus_allowlist() {
  static const std::vector<std::string_view> names = parse_allowlist(kAllowlistText);
  return names;
}

bool in_allowlist(std::string_view package) {
  auto names = corpus_allowlist();
  return std::find(names.begin(), names.end(), package) != names.end();
}

} // namespace axl::training
