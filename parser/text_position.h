// Byte offsets <-> (line, column) with UTF-8 byte, UTF-16 code unit or code point columns.
#pragma once

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

private:
  std::string_view text_;
  std::vector<uint32_t> line_starts_;
};

} // namespace axl::parser
