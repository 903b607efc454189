// Line edits of an existing docstring, applied to its cleaned lines and to its source text alike,
// so that an update changes only the lines it must and every other byte stays as the human wrote
// it (indentation, blank lines, trailing spaces, where the quotes are, the line endings).
#pragma once

#include "parser/definition.h"

#include <optional>
#include <string>
#include <vector>

namespace axl::docstring {

// Replaces cleaned lines [begin, end) by `lines` (an insertion when begin == end). `lines` are
// relative to the docstring's left edge, like the cleaned lines.
struct LineEdit {
  size_t begin = 0, end = 0;
  std::vector<std::string> lines;
  int order = 0; // insertions at the same line: lower order lands first
};

// Applies non-overlapping edits. At one line, a replacement goes before the insertions there.
std::vector<std::string> apply_line_edits(std::vector<std::string> lines,
                                          std::vector<LineEdit> edits);

// The docstring's text between the quotes with `edits` (made on `clean`, its cleaned lines)
// applied to the source lines they stand for. New lines get the docstring's own indentation and
// line ending. nullopt when the source cannot be mapped line for line (a single-quoted string,
// text on one line only, mixed line endings): the caller then lays the whole literal out anew.
std::optional<std::string> patch_raw_body(const parser::ExistingDocstring& doc,
                                          const std::vector<std::string>& clean,
                                          const std::vector<LineEdit>& edits);

} // namespace axl::docstring
