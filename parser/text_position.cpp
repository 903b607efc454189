#include "parser/text_position.h"

#include <algorithm>

namespace axl::parser {
namespace {

// Length of the UTF-8 sequence starting with lead byte `c` (1 for invalid bytes, so every byte is
// visited and invalid input still maps to some column).
uint32_t utf8_length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) return 2;
  if ((c & 0xF0) == 0xE0) return 3;
  if ((c & 0xF8) == 0xF0) return 4;
  return 1;
}

uint32_t units_of(uint32_t seq_len, ColumnUnit unit) {
  switch (unit) {
  case ColumnUnit::Utf8:
    return seq_len;
  case ColumnUnit::Utf16:
    return seq_len == 4 ? 2 : 1;
  case ColumnUnit::Utf32:
    return 1;
  }
  return seq_len;
}

} // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  // LSP 3.17: "\n", "\r\n" and a lone "\r" all end a line.
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
      line_starts_.push_back(i + 1);
}

LineColumn LineIndex::to_line_column(uint32_t byte_offset, ColumnUnit unit) const {
  byte_offset = std::min<uint32_t>(byte_offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin()) - 1;
  uint32_t col = 0;
  for (uint32_t i = line_starts_[line]; i < byte_offset;) {
    uint32_t len = std::min<uint32_t>(utf8_length(text_[i]), byte_offset - i);
    col += units_of(len, unit);
    i += len;
  }
  return {line, col};
}

uint32_t LineIndex::to_byte(LineColumn pos, ColumnUnit unit) const {
  if (pos.line >= line_starts_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t i = line_starts_[pos.line];
  uint32_t end = static_cast<uint32_t>(text_.size());
  if (pos.line + 1 < line_starts_.size()) {
    // The line ends before its terminator: "\n", "\r\n" or "\r".
    end = line_starts_[pos.line + 1];
    if (text_[end - 1] == '\n') --end;
    if (end > i && text_[end - 1] == '\r') --end;
  }
  uint32_t col = 0;
  while (i < end) {
    uint32_t len = std::min<uint32_t>(utf8_length(text_[i]), end - i);
    uint32_t w = units_of(len, unit);
    if (col + w > pos.column) break;
    col += w;
    i += len;
  }
  return i;
}

} // namespace axl::parser
