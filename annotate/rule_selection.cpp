#include "annotate/rule_selection.h"

#include <algorithm>
#include <cctype>

namespace axl::annotate {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Ruff's prefix rule, with "D" kept to the pydocstyle family: "D" must not swallow "DOC".
bool matches(std::string_view code, std::string_view prefix_any_case) {
  std::string prefix = upper(prefix_any_case);
  if (prefix == "ALL") return true;
  if (prefix == "D") return code.starts_with("D") && !code.starts_with("DOC");
  return code.starts_with(prefix);
}

} // namespace

const std::vector<std::string>& known_rule_codes() {
  static const std::vector<std::string> codes = {
      "D100",   "D101",   "D102",   "D103",   "D104",   "D105",   "D106",   "D107",  "DOC101",
      "DOC102", "DOC103", "DOC201", "DOC202", "DOC402", "DOC403", "DOC501", "DOC502"};
  return codes;
}

bool RuleSelection::selected(std::string_view code) const {
  auto hit = [&](const std::vector<std::string>& prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const std::string& p) { return matches(code, p); });
  };
  bool module_code = code == "D100" || code == "D104";
  bool by_default = include_modules || !module_code;
  return (select.empty() ? by_default : hit(select)) && !hit(ignore);
}

bool is_known_code(std::string_view code_or_prefix) {
  const auto& codes = known_rule_codes();
  return std::any_of(codes.begin(), codes.end(),
                     [&](const std::string& c) { return matches(c, code_or_prefix); });
}

bool suppressed_by_noqa(std::string_view line, std::string_view code) {
  // The comment: a '#' followed by optional spaces and "noqa", in any case.
  std::string text = upper(line);
  for (size_t hash = text.find('#'); hash != std::string::npos; hash = text.find('#', hash + 1)) {
    size_t at = text.find_first_not_of(' ', hash + 1);
    if (at == std::string::npos || text.compare(at, 4, "NOQA") != 0) continue;
    at += 4;
    if (at >= text.size() || text[at] != ':') return true; // bare: every code
    // The listed codes: letters and digits, separated by commas and spaces, until anything else.
    std::string_view rest = std::string_view(text).substr(at + 1);
    while (!rest.empty()) {
      size_t start = rest.find_first_not_of(", ");
      if (start == std::string_view::npos) break;
      rest.remove_prefix(start);
      size_t end = 0;
      while (end < rest.size() && std::isalnum(static_cast<unsigned char>(rest[end]))) ++end;
      if (end == 0) break;
      if (rest.substr(0, end) == code) return true;
      rest.remove_prefix(end);
    }
    return false;
  }
  return false;
}

} // namespace axl::annotate
