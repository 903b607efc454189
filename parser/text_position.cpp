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
  line_starts_.push_back(0);
  scan(0, static_cast<uint32_t>(text.size()), line_starts_, lone_crs_);
}

void LineIndex::scan(uint32_t from, uint32_t to, std::vector<uint32_t>& starts,
                     std::vector<uint32_t>& lone_crs) const {
  // LSP 3.17: "\n", "\r\n" and a lone "\r" all end a line.
  for (uint32_t i = from; i < to; ++i) {
    if (text_[i] == '\n') {
      starts.push_back(i + 1);
    } else if (text_[i] == '\r' && (i + 1 == text_.size() || text_[i + 1] != '\n')) {
      starts.push_back(i + 1);
      lone_crs.push_back(i);
    }
  }
}

namespace {

// Replaces the entries in [first, last] of the sorted `v` (old offsets) by `fresh` and shifts the
// entries after them by `delta` (the edit's change in length).
void splice(std::vector<uint32_t>& v, uint32_t first, uint32_t last, std::vector<uint32_t> fresh,
            int64_t delta) {
  auto lo = std::lower_bound(v.begin(), v.end(), first);
  auto hi = std::upper_bound(lo, v.end(), last);
  for (auto it = hi; it != v.end(); ++it) *it = static_cast<uint32_t>(*it + delta);
  size_t at = static_cast<size_t>(lo - v.begin());
  v.erase(lo, hi);
  v.insert(v.begin() + static_cast<std::ptrdiff_t>(at), fresh.begin(), fresh.end());
}

} // namespace

void LineIndex::edited(std::string_view text, uint32_t start, uint32_t old_end, uint32_t inserted) {
  text_ = text;
  // The break characters whose meaning may change are those in [start - 1, old_end] of the old
  // text ("\r" before the edit may meet or lose a "\n"; the byte after it may lose its "\r"):
  // [start - 1, start + inserted] of the new one. Everything else only moves.
  uint32_t from = start > 0 ? start - 1 : 0;
  uint32_t to = std::min<uint32_t>(start + inserted + 1, static_cast<uint32_t>(text.size()));
  std::vector<uint32_t> starts, lone_crs;
  scan(from, to, starts, lone_crs);
  int64_t delta = static_cast<int64_t>(inserted) - (static_cast<int64_t>(old_end) - start);
  splice(line_starts_, from + 1, old_end + 1, std::move(starts), delta);
  splice(lone_crs_, from, old_end, std::move(lone_crs), delta);
}

Point LineIndex::newline_point(uint32_t byte) const {
  byte = std::min<uint32_t>(byte, static_cast<uint32_t>(text_.size()));
  auto line = static_cast<size_t>(std::upper_bound(line_starts_.begin(), line_starts_.end(), byte) -
                                  line_starts_.begin() - 1);
  auto crs_before = static_cast<uint32_t>(
      std::lower_bound(lone_crs_.begin(), lone_crs_.end(), byte) - lone_crs_.begin());
  // The row starts after the last "\n": step back over lines that a lone "\r" began.
  size_t row_start = line;
  while (row_start > 0 && text_[line_starts_[row_start] - 1] == '\r') --row_start;
  return {static_cast<uint32_t>(line) - crs_before, byte - line_starts_[row_start]};
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
