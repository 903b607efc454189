// Docstring text -> a Python string literal -> an edit of the source that places it.
#pragma once

#include "parser/definition.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace axl::docstring {

// Replace source[start_byte, end_byte) by new_text (an insertion when start == end).
struct TextEdit {
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  std::string new_text;
  bool operator==(const TextEdit&) const = default;
};

// The file's first line break: "\r\n", a lone "\r" (as CPython reads it) or "\n".
std::string_view detect_eol(std::string_view source);

// A literal in source form: `lines` are already escaped for `prefix` + `quote`.
struct DocstringLiteral {
  std::string prefix; // "", "r", or an existing docstring's prefix ("u", "R", ...)
  std::string quote = "\"\"\"";
  std::vector<std::string> lines; // no indentation, no quotes
  bool summary_on_new_line = false;
  // An updated docstring's exact text between the quotes (the human's bytes, line_edits.h);
  // `lines` then only describe it. Unset: the literal is laid out from `lines`.
  std::optional<std::string> body;
};

// A literal whose value is exactly `text` (lines split on '\n'): plain when possible, raw-prefixed
// when the text has backslashes (pydocstyle D301), escaped when it contains the quote sequence or
// ends with the quote character (or with a backslash).
DocstringLiteral encode_docstring(std::string_view text, std::string_view quote = "\"\"\"",
                                  bool summary_on_new_line = false);

// Escapes `text` for insertion into an existing literal with this prefix and quote (used when an
// updated docstring mixes the human's source text with new generated text).
std::string escape_for_literal(std::string_view text, std::string_view prefix,
                               std::string_view quote);

// The literal as source text: the first line carries no indentation (it goes where the
// statement starts), later lines are indented with `indent`; a one-line docstring stays on one
// line; otherwise the closing quotes get their own line. A `body` is written as it is.
std::string layout_literal(const DocstringLiteral& lit, std::string_view indent,
                           std::string_view eol);

// The edit that makes `lit` the docstring of `def`: replaces an existing docstring in place, or
// inserts one as the body's first statement with the body's indentation (a body written on the
// header line is first moved to its own line); a module docstring goes after the leading
// shebang / encoding / comment lines. Throws std::invalid_argument if `def` does not match
// `source`.
TextEdit docstring_edit(std::string_view source, const parser::Definition& def,
                        const DocstringLiteral& lit);

// The indentation the docstring of `def` is written with ("" for a module).
std::string docstring_indent(const parser::Definition& def);

// Applies non-overlapping edits (any order) and returns the new text. Throws
// std::invalid_argument on overlapping or out-of-range edits.
std::string apply_edits(std::string_view source, std::vector<TextEdit> edits);

} // namespace axl::docstring
