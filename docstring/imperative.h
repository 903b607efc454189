// The one normalisation the composer applies to every summary, the model's and the heuristic's:
// one line ending in a period, and for functions and methods (not properties) the imperative
// mood that pydocstyle's D401 checks ("Return ...", not "Returns ..." or "The ...").
#pragma once

#include "parser/definition.h"

#include <string>
#include <string_view>

namespace axl::docstring {

std::string imperative_summary(std::string_view summary, const parser::Definition& def);

// "Returns" -> "return", "creating" -> "create" (lower case); "" when `word` is not an -s or -ing
// form of a verb in verbs.h (the imperative itself gives "").
std::string imperative_of(std::string_view word);

} // namespace axl::docstring
