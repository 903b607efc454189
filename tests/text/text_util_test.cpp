#include "text/text_util.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace axl::text;
using Words = std::vector<std::string>;
using Views = std::vector<std::string_view>;

TEST_CASE("character classes are ASCII, UTF-8 bytes are none of them", "[text]") {
  CHECK(is_alpha('a'));
  CHECK(is_alpha('Z'));
  CHECK_FALSE(is_alpha('1'));
  CHECK_FALSE(is_alpha('_'));
  CHECK(is_alnum('7'));
  CHECK(is_space('\v'));
  CHECK_FALSE(is_space('x'));
  const std::string e_acute = "\xC3\xA9"; // é
  for (char c : e_acute) {
    CHECK_FALSE(is_alpha(c));
    CHECK_FALSE(is_space(c));
    CHECK(to_lower(c) == c);
    CHECK(to_upper(c) == c);
  }
  CHECK(to_lower("HTTP Server \xC3\x89T\xC3\x89") == "http server \xC3\x89t\xC3\x89");
  CHECK(to_lower("").empty());
}

TEST_CASE("trim, collapse_spaces, iequals, icontains", "[text]") {
  CHECK(trim("") == "");
  CHECK(trim(" \t\r\n") == "");
  CHECK(trim("  a b\f\n") == "a b");
  CHECK(trim("\xC2\xA0x") == "\xC2\xA0x"); // a no-break space is not ASCII whitespace
  CHECK(collapse_spaces("  a \n\t b  ") == "a b");
  CHECK(collapse_spaces("").empty());
  CHECK(iequals("Args", "aRGS"));
  CHECK(iequals("", ""));
  CHECK_FALSE(iequals("Arg", "Args"));
  CHECK_FALSE(iequals("\xC3\xA9", "\xC3\x89")); // no case folding beyond ASCII
  CHECK(icontains("See the Default value", "default"));
  CHECK(icontains("abc", ""));
  CHECK_FALSE(icontains("", "a"));
}

TEST_CASE("utf8_prefix never cuts a character", "[text]") {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC"; // a é €  (1 + 2 + 3 bytes)
  CHECK(utf8_prefix(s, 0) == "");
  CHECK(utf8_prefix(s, 1) == "a");
  CHECK(utf8_prefix(s, 2) == "a");
  CHECK(utf8_prefix(s, 3) == "a\xC3\xA9");
  CHECK(utf8_prefix(s, 5) == "a\xC3\xA9");
  CHECK(utf8_prefix(s, 6) == s);
  CHECK(utf8_prefix(s, 100) == s);
  CHECK(utf8_prefix("", 3) == "");
}

TEST_CASE("split_lines and join_lines are inverses", "[text]") {
  CHECK(split_lines("") == Views{""});
  CHECK(split_lines("a") == Views{"a"});
  CHECK(split_lines("a\n") == Views{"a", ""});
  CHECK(split_lines("a\r\n\nb") == Views{"a\r", "", "b"});
  for (std::string s : {"", "x", "x\n", "\n\n", "a\r\nb\n\xC3\xA9"}) {
    std::vector<std::string> lines;
    for (auto l : split_lines(s)) lines.emplace_back(l);
    CHECK(join_lines(lines) == s);
  }
  CHECK(split_lines_keep_ends("") == Views{""});
  CHECK(split_lines_keep_ends("a\r\n\nb") == Views{"a\r\n", "\n", "b"});
  CHECK(split_lines_keep_ends("a\n") == Views{"a\n", ""});
  CHECK(join_lines({"a", "b", "c"}, 1) == "b\nc");
  CHECK(join_lines({"a", "b", "c"}, 0, 2) == "a\nb");
  CHECK(join_lines({"a"}, 1).empty());
  CHECK(join_lines({}).empty());
}

TEST_CASE("strip_stars: the bare parameter name", "[text]") {
  CHECK(strip_stars("x") == "x");
  CHECK(strip_stars("*args") == "args");
  CHECK(strip_stars("**kwargs") == "kwargs");
  CHECK(strip_stars("\\*args") == "args");
  CHECK(strip_stars("\\*\\*kwargs") == "kwargs");
  CHECK(strip_stars("__dunder__") == "__dunder__");
  CHECK(strip_stars("*") == "");
  CHECK(strip_stars("**") == "");
  CHECK(strip_stars("").empty());
  CHECK(strip_stars("a*b") == "a*b"); // only leading stars are syntax
  CHECK(strip_stars("*\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9");
}

TEST_CASE("split_identifier: snake, camel, acronyms, dunders", "[text]") {
  CHECK(split_identifier("get_userName2") == Words{"get", "user", "name2"});
  CHECK(split_identifier("HTTPServer") == Words{"http", "server"});
  CHECK(split_identifier("parseJSON") == Words{"parse", "json"});
  CHECK(split_identifier("v2Beta") == Words{"v2", "beta"});
  CHECK(split_identifier("__init__") == Words{"init"});
  CHECK(split_identifier("__") == Words{});
  CHECK(split_identifier("") == Words{});
  CHECK(split_identifier("a.b-c d") == Words{"a", "b", "c", "d"});
  CHECK(split_identifier("caf\xC3\xA9_Menu") == Words{"caf\xC3\xA9", "menu"});
  CHECK(split_identifier("dict[str, int]") == Words{"dict[str,", "int]"}); // not an identifier
}

TEST_CASE("letter_words: letters only, optionally split at every capital", "[text]") {
  CHECK(letter_words("getUserName", true) == Words{"get", "user", "name"});
  CHECK(letter_words("getUserName", false) == Words{"getusername"});
  CHECK(letter_words("HTTP", true) == Words{"h", "t", "t", "p"});
  CHECK(letter_words("x2y_z", false) == Words{"x", "y", "z"});
  CHECK(letter_words("__init__", true) == Words{"init"});
  CHECK(letter_words("caf\xC3\xA9s", false) == Words{"caf", "s"});
  CHECK(letter_words("", true).empty());
}
