#include "parse_helpers.h"

using namespace axl::parser;

TEST_CASE("incremental re-parse after an edit gives the same definitions as a fresh parse") {
  PythonParser parser;
  std::string v1 = "def a(x):\n    return x\n\ndef b():\n    pass\n";
  SyntaxTree t1 = parser.parse(v1);
  // Insert a parameter ", y" after "x" in a(x).
  uint32_t at = static_cast<uint32_t>(v1.find("x)"));
  std::string v2 = v1;
  v2.insert(at + 1, ", y");
  t1.edit(at + 1, at + 1, at + 4, {0, at + 1}, {0, at + 1}, {0, at + 4});
  SyntaxTree t2 = parser.reparse(t1, v2);
  auto inc = extract_definitions(t2);
  auto fresh = extract_definitions(parser.parse(v2));
  REQUIRE(inc.definitions.size() == fresh.definitions.size());
  for (size_t i = 0; i < inc.definitions.size(); ++i) {
    CHECK(inc.definitions[i].qualified_name == fresh.definitions[i].qualified_name);
    CHECK(inc.definitions[i].params.size() == fresh.definitions[i].params.size());
    CHECK(inc.definitions[i].range.start_byte == fresh.definitions[i].range.start_byte);
  }
  CHECK(inc.definitions[1].params.size() == 2);
}
