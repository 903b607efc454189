// Byte offsets <-> (line, column) with UTF-8 byte, UTF-16 code unit or code point columns.
#pragma once

#include "definition.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace axl::parser {

enum class ColumnUnit { Utf8, Utf16, Utf32 };

struct LineColumn {
  uint32_t line = 0;
  uint32_t column = 0;
};

class LineIndex {
public:
  explicit LineIndex(std::string_view text);
  LineColumn to_line_column(uint32_t byte_offset, ColumnUnit unit) const;
  // Clamps positions past the end of a line to the line's end, past the last line to the text end;
  // a position inside a multi-unit character lands on that character's start.
  uint32_t to_byte(LineColumn pos, ColumnUnit unit) const;
  size_t line_count() const { return line_starts_.size(); }

  // After bytes [start, old_end) of the indexed text were replaced by `inserted` bytes, giving
  // `text`: updates the index without rescanning the whole text (an editor's keystroke on a
  // multi-megabyte document costs a shift of the later line starts, not a scan).
  void edited(std::string_view text, uint32_t start, uint32_t old_end, uint32_t inserted);
  // tree-sitter's point of `byte`: rows end at "\n" only (a lone "\r" does not start a row),
  // columns count bytes.
  Point newline_point(uint32_t byte) const;

private:
  // Appends the line starts (and lone "\r" positions) after break characters in [from, to).
  void scan(uint32_t from, uint32_t to, std::vector<uint32_t>& starts,
            std::vector<uint32_t>& lone_crs) const;

  std::string_view text_;
  std::vector<uint32_t> line_starts_;
  std::vector<uint32_t> lone_crs_; // positions of "\r" not followed by "\n" (usually none)
};

} // namespace axl::parser
