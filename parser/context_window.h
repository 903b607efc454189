// The model's view of a definition: its source without the docstring, cropped to a byte budget.
#pragma once

#include "definition.h"

#include <string>
#include <string_view>

namespace axl::parser {

// Rule: the header (decorators dropped, signature kept whole) comes first, then body lines in order
// while they fit; the body is dedented to 4 spaces; the existing docstring is removed; the result
// never exceeds `limit` bytes and never ends inside a UTF-8 character. An over-long signature is
// cut at `limit` on a character boundary.
std::string context_window(std::string_view source, const Definition& def, size_t limit = 256);

} // namespace axl::parser
