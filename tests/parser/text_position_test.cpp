#include "parser/text_position.h"

#include <catch2/catch.hpp>

using namespace axl::parser;

TEST_CASE("byte offsets to UTF-8, UTF-16 and UTF-32 columns and back") {
  // "é" is 2 bytes / 1 UTF-16 unit; "😀" is 4 bytes / 2 UTF-16 units / 1 code point.
  std::string text = "ab\né😀x\r\nlast";
  LineIndex idx(text);
  CHECK(idx.line_count() == 3);
  uint32_t x = static_cast<uint32_t>(text.find('x'));
  CHECK(idx.to_line_column(x, ColumnUnit::Utf8).column == 6);
  CHECK(idx.to_line_column(x, ColumnUnit::Utf16).column == 3);
  CHECK(idx.to_line_column(x, ColumnUnit::Utf32).column == 2);
  CHECK(idx.to_line_column(x, ColumnUnit::Utf16).line == 1);
  CHECK(idx.to_byte({1, 3}, ColumnUnit::Utf16) == x);
  CHECK(idx.to_byte({1, 2}, ColumnUnit::Utf32) == x);
  CHECK(idx.to_byte({1, 6}, ColumnUnit::Utf8) == x);
  // Inside a surrogate pair: the character's start.
  CHECK(idx.to_byte({1, 2}, ColumnUnit::Utf16) == x - 4);
  // Past the end of a CRLF line: before the "\r".
  CHECK(idx.to_byte({1, 99}, ColumnUnit::Utf16) == x + 1);
  // Past the last line: end of text.
  CHECK(idx.to_byte({9, 0}, ColumnUnit::Utf16) == text.size());
  CHECK(idx.to_line_column(static_cast<uint32_t>(text.size()), ColumnUnit::Utf16).line == 2);
}

TEST_CASE("invalid UTF-8 still maps every byte") {
  std::string text = "\xff\xfe"
                     "a";
  LineIndex idx(text);
  CHECK(idx.to_line_column(2, ColumnUnit::Utf16).column == 2);
  CHECK(idx.to_byte({0, 2}, ColumnUnit::Utf16) == 2);
}

TEST_CASE("a lone \\r ends a line, like \\n and \\r\\n (LSP 3.17)") {
  std::string text = "a\rb\r\nc\rd";
  LineIndex idx(text);
  CHECK(idx.line_count() == 4);
  CHECK(idx.to_line_column(2, ColumnUnit::Utf16).line == 1); // 'b'
  CHECK(idx.to_line_column(2, ColumnUnit::Utf16).column == 0);
  CHECK(idx.to_line_column(5, ColumnUnit::Utf16).line == 2); // 'c'
  CHECK(idx.to_line_column(7, ColumnUnit::Utf16).line == 3); // 'd'
  CHECK(idx.to_byte({1, 0}, ColumnUnit::Utf16) == 2);
  CHECK(idx.to_byte({3, 0}, ColumnUnit::Utf16) == 7);
  // Past a line's end: before its terminator, whichever it is.
  CHECK(idx.to_byte({0, 99}, ColumnUnit::Utf16) == 1);
  CHECK(idx.to_byte({1, 99}, ColumnUnit::Utf16) == 3);
  CHECK(idx.to_byte({2, 99}, ColumnUnit::Utf16) == 6);
  CHECK(idx.to_byte({3, 99}, ColumnUnit::Utf16) == 8);
  // "\r\r\n" is two line ends; a trailing "\r" starts an (empty) last line.
  LineIndex two("x\r\r\ny\r");
  CHECK(two.line_count() == 4);
  CHECK(two.to_byte({1, 99}, ColumnUnit::Utf8) == 2);
  CHECK(two.to_byte({2, 0}, ColumnUnit::Utf8) == 4);
  CHECK(two.to_line_column(6, ColumnUnit::Utf8).line == 3);
}
