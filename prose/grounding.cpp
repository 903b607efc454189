#include "prose/grounding.h"

#include "text/text_util.h"

#include <algorithm>
#include <string>
#include <vector>

namespace axl::prose {
namespace {

// Lower-cased identifier parts of 3+ letters ("getUserName" -> get, user, name).
std::vector<std::string> name_parts(std::string_view s) {
  std::vector<std::string> out;
  for (auto& w : text::letter_words(s, true))
    if (w.size() >= 3) out.push_back(std::move(w));
  return out;
}

bool is_common_word(std::string_view w) {
  static constexpr std::string_view kCommon[] = {
      "the",   "and",      "for",     "with",    "from",     "that",   "this",      "are",
      "not",   "into",     "its",     "all",     "any",      "one",    "use",       "used",
      "uses",  "using",    "given",   "return",  "returns",  "get",    "gets",      "set",
      "sets",  "new",      "will",    "can",     "which",    "when",   "has",       "have",
      "was",   "been",     "than",    "then",    "each",     "other",  "also",      "only",
      "such",  "more",     "most",    "some",    "test",     "tests",  "check",     "checks",
      "make",  "makes",    "create",  "creates", "value",    "values", "object",    "objects",
      "data",  "function", "method",  "class",   "instance", "list",   "string",    "true",
      "false", "none",     "whether", "number",  "default",  "same",   "specified", "current",
      "based", "helper",   "self",    "def",     "str",      "int",    "bool",      "float"};
  return std::find(std::begin(kCommon), std::end(kCommon), w) != std::end(kCommon);
}

// Equal, or one word's inflection of the other: a shared prefix of 4+ letters that leaves at most
// two letters of the shorter word ("item"/"items", "quantity"/"quantities"; not
// "containing"/"context").
bool same_stem(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const size_t shorter = std::min(a.size(), b.size());
  size_t common = 0;
  while (common < shorter && a[common] == b[common]) ++common;
  return common >= 4 && common + 2 >= shorter;
}

} // namespace

double grounded_share(std::string_view text, std::string_view code) {
  const auto code_parts = name_parts(code);
  int content = 0, grounded = 0;
  for (const auto& w : name_parts(text)) {
    if (is_common_word(w)) continue;
    ++content;
    if (std::any_of(code_parts.begin(), code_parts.end(),
                    [&](const std::string& c) { return same_stem(w, c); }))
      ++grounded;
  }
  return content ? double(grounded) / content : 0.0;
}

bool grounded_in(std::string_view text, std::string_view code) {
  return grounded_share(text, code) > 0.0;
}

} // namespace axl::prose
