// Which findings `annotate` reports and fixes: --select / --ignore rule codes (ruff's prefix
// matching) and `# noqa` comments on a definition's line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace axl::annotate {

// Every rule code annotate knows: pydocstyle's D100-D107 and the stale-docstring DOC codes.
const std::vector<std::string>& known_rule_codes();

struct RuleSelection {
  // Codes or prefixes ("D103", "D1", "DOC5", "ALL"), case-insensitive. Empty `select`: every
  // code but the module docstrings' (D100, D104), unless `include_modules`. "D" alone means the
  // pydocstyle family (D1xx), never the DOC codes.
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  bool include_modules = false; // --include-modules: a docstring made from the file name is filler

  bool selected(std::string_view code) const;
};

// Does `code_or_prefix` name at least one known code (case-insensitive)?
bool is_known_code(std::string_view code_or_prefix);

// A `# noqa` comment on `line` (flake8's form): bare, it suppresses every code; `# noqa: D103,D102`
// only the listed ones.
bool suppressed_by_noqa(std::string_view line, std::string_view code);

} // namespace axl::annotate
