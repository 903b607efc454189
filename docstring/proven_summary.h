// Summaries the syntax tree proves (parser::BodyShape, decorators, what a dunder means): more
// than the name says, never something the code does not do. The name heuristic
// (heuristic_summary.h) stays the fallback wherever no rule applies.
#pragma once

#include "parser/definition.h"

#include <optional>
#include <string>
#include <string_view>

namespace axl::docstring {

// How the name heuristic got its summary for a function.
enum class NameSummary {
  Baseline, // the name split into words ("User name.")
  Returns,  // a "Return ..." template ("Return the user.")
  Verb,     // another verb template ("Load the config.", "Convert to JSON.")
};

// A function's or method's summary from its body and decorators, given the name heuristic's
// `from_name` summary; nullopt when no rule applies.
std::optional<std::string> proven_function_summary(const parser::Definition& def,
                                                   std::string_view from_name, NameSummary kind);

// A class: "<Name> context manager." (it defines __enter__ and __exit__), "<Name> with `x` and
// `y`." (dataclass fields, or the __init__ arguments __init__ only stores); nullopt otherwise.
std::optional<std::string> proven_class_summary(const parser::Definition& def);

// The longest summary these rules write (longer ones fall back to the name heuristic so the
// summary stays on the docstring's first line).
inline constexpr size_t kMaxProvenSummary = 72;

} // namespace axl::docstring
