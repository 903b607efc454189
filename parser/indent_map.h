// tree-sitter-python saves its indentation stack one byte per level, so a line indented 256 columns
// or more (64 levels of 4 spaces) reads as a dedent: a syntax error CPython does not see. Such a
// source is parsed from a copy whose indentation widths are renumbered by rank (same order, so the
// same blocks); IndentMap maps the copy's byte offsets and points back to the source's.
#pragma once

#include "parser/definition.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace axl::parser {

class IndentMap {
public:
  // Nothing when no line is indented past what tree-sitter-python can hold; else the map, with the
  // renumbered copy of `source` in `copy`. Lines end at '\n' (lone CRs already made '\n').
  static std::optional<IndentMap> build(std::string_view source, std::string& copy);

  uint32_t to_source(uint32_t copy_byte) const;
  Point to_source(Point copy_point) const;

private:
  struct Line {
    uint32_t copy_start, source_start, copy_indent, source_indent;
  };
  const Line& line_of_byte(uint32_t copy_byte) const;
  static uint32_t column_to_source(const Line& l, uint32_t copy_column);
  std::vector<Line> lines_;
};

} // namespace axl::parser
