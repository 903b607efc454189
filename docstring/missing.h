// Which definitions lack a docstring, with pydocstyle's codes (D100-D107).
#pragma once

#include "parser/definition.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace axl::docstring {

struct MissingDocstring {
  const parser::Definition* def = nullptr;
  std::string code;    // "D103"
  std::string message; // "Missing docstring in public function"
};

// Rules (pydocstyle's): a definition is public when its name has no leading underscore (dunders
// count as public), it is listed in __all__ when there is one (top level), and every enclosing
// definition is a public class/module; functions nested in functions are never public.
// Skipped always: @overload stubs, property setters/deleters, modules without any statement.
// Private definitions are reported only with `include_private` (same code, "private" in the text).
std::vector<MissingDocstring> find_missing(const parser::ParseResult& parsed,
                                           std::string_view source, bool include_private);

// One definition; `parent` is its enclosing definition (nullptr for the module itself).
std::optional<MissingDocstring> check_missing(const parser::Definition& def,
                                              const parser::Definition* parent,
                                              std::string_view source, bool include_private);

// The enclosing definition of parsed.definitions[index] (nullptr for the module).
const parser::Definition* parent_of(const parser::ParseResult& parsed, size_t index);

// Overload stubs and property setters/deleters never get a docstring of their own.
bool never_documented(const parser::Definition& def);

} // namespace axl::docstring
