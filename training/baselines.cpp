#include "training/baselines.h"

#include <cctype>
#include <vector>

namespace axl::training {

std::string_view short_name(std::string_view q) {
  auto dot = q.rfind('.');
  return dot == std::string_view::npos ? q : q.substr(dot + 1);
}

std::string name_split_summary(std::string_view id) {
  auto up = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
  auto low = [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; };
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  char prev = 0; // the previous character as written (cur holds it lower-cased)
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    if (c == '_' || !(std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80))) {
      flush();
      prev = 0;
      continue;
    }
    // A word starts at lower->Upper ("userName") and at the last capital of a run before a
    // lower-case letter ("HTTPServer" -> HTTP, Server).
    if (up(c) && !cur.empty() &&
        (low(prev) || std::isdigit(static_cast<unsigned char>(prev)) ||
         (i + 1 < id.size() && low(id[i + 1]) && up(prev))))
      flush();
    cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    prev = c;
  }
  flush();
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  if (out.empty()) return out;
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out + ".";
}

} // namespace axl::training
