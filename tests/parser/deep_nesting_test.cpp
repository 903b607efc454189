// Inputs CPython parses that nest far deeper than a recursive walk's call stack allows, and
// layouts tree-sitter-python's scanner misreads (lone CR line ends, indentation past 255 columns).
#include "parse_helpers.h"

using namespace axl::parser;
using axl::parser::test::find_def;

namespace {

std::string long_sum(int terms) {
  std::string s = "def f(x):\n    return x";
  for (int i = 0; i < terms; ++i) s += " + 1";
  return s + "\n";
}

} // namespace

TEST_CASE("a 200,000-term expression is walked without recursion") {
  auto r = parse_python(long_sum(200000));
  REQUIRE_FALSE(r.has_errors);
  CHECK(find_def(r, "f").returns_value);
}

TEST_CASE("100,000 nested calls f(f(...)) are walked without recursion") {
  std::string s = "def g(x):\n    raise Boom(";
  for (int i = 0; i < 100000; ++i) s += "f(";
  s += "x";
  s += std::string(100000, ')');
  s += ")\n";
  auto r = parse_python(s);
  REQUIRE_FALSE(r.has_errors);
  CHECK(find_def(r, "g").raises == std::vector<std::string>{"Boom"});
}

TEST_CASE("a file whose lines end in a lone CR parses as CPython reads it") {
  auto r = parse_python("import os\rclass A:\r    def m(self, x):\r        return x\r");
  REQUIRE_FALSE(r.has_errors);
  auto& m = find_def(r, "A.m");
  CHECK(m.body_indent == "        ");
  CHECK(m.range.start.line == 2);
}

TEST_CASE("defs nested 70 deep (indentation past 255 columns) parse as CPython reads them") {
  std::string src;
  for (int level = 0; level < 70; ++level)
    src += std::string(static_cast<size_t>(level) * 4, ' ') + "def level" + std::to_string(level) +
           "(x, y=1):\n";
  src += std::string(70 * 4, ' ') + "return x\n";
  src += "\n\nclass After:\n    def m(self):\n        pass\n";
  auto r = parse_python(src);
  REQUIRE_FALSE(r.has_errors);
  REQUIRE(r.definitions.size() == 1 + 70 + 2);
  const auto& deepest = r.definitions[70];
  CHECK(deepest.name == "level69");
  CHECK(deepest.depth == 70);
  CHECK(deepest.body_indent == std::string(70 * 4, ' '));
  CHECK(deepest.name_range.start.column == 69 * 4 + 4);
  CHECK(src.substr(deepest.name_range.start_byte, 7) == "level69");
  REQUIRE(deepest.params.size() == 2);
  CHECK(deepest.params[1].default_value == "1");
  CHECK(deepest.returns_value);
  auto& m = find_def(r, "After.m");
  CHECK(src.substr(m.name_range.start_byte, 1) == "m");
  CHECK(m.body_indent == "        ");
}
