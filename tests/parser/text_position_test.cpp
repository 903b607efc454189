#include "parser/text_position.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

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

TEST_CASE("LineIndex::edited matches a fresh index after random edits", "[parser][position]") {
  // Pieces that make and break "\r\n" pairs and lone "\r" at the edit's edges.
  const std::vector<std::string> pieces = {"",     "a",    "\n",   "\r", "\r\n",
                                           "x\ry", "é\n😀", "\n\n", "bc"};
  std::mt19937 rng(77);
  for (int round = 0; round < 200; ++round) {
    std::string text = "a\r\nb\rc\nd";
    LineIndex idx(text);
    for (int step = 0; step < 30; ++step) {
      auto a = static_cast<uint32_t>(rng() % (text.size() + 1));
      auto b = static_cast<uint32_t>(rng() % (text.size() + 1));
      if (a > b) std::swap(a, b);
      const std::string& ins = pieces[rng() % pieces.size()];
      text.replace(a, b - a, ins);
      idx.edited(text, a, b, static_cast<uint32_t>(ins.size()));
      LineIndex fresh(text);
      REQUIRE(idx.line_count() == fresh.line_count());
      for (uint32_t byte = 0; byte <= text.size(); ++byte) {
        auto got = idx.to_line_column(byte, ColumnUnit::Utf8);
        auto want = fresh.to_line_column(byte, ColumnUnit::Utf8);
        REQUIRE((got.line == want.line && got.column == want.column));
        // tree-sitter's rows end at "\n" only.
        std::string_view before(text.data(), byte);
        auto rows = static_cast<uint32_t>(std::count(before.begin(), before.end(), '\n'));
        size_t nl = before.rfind('\n');
        uint32_t column =
            nl == std::string_view::npos ? byte : byte - static_cast<uint32_t>(nl) - 1;
        auto point = idx.newline_point(byte);
        REQUIRE((point.line == rows && point.column == column));
      }
    }
  }
}
