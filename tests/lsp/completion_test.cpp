#include "lsp/features/completion.h"

#include <catch2/catch.hpp>

using namespace axl::lsp;

TEST_CASE("completion: triple-quote trigger detection", "[lsp][completion]") {
  std::string t = "def f():\n    \"\"\"\n";
  auto q = find_quote_trigger(t, 16);
  REQUIRE(q);
  CHECK(q->start == 13);
  CHECK(q->line_end == 16);
  CHECK(q->quote == "\"\"\"");
  // Auto-closed quotes after the cursor are replaced too; CRLF ends the line before '\r'.
  std::string c = "def f():\r\n    r'''''' \r\n";
  auto q2 = find_quote_trigger(c, 18);
  REQUIRE(q2);
  CHECK(q2->start == 14);
  CHECK(q2->line_end == 22);
  CHECK(q2->quote == "'''");
  CHECK_FALSE(find_quote_trigger("x = \"\"\"", 7));
  CHECK_FALSE(find_quote_trigger("    \"\"\" text", 7));
  CHECK_FALSE(find_quote_trigger("\"\"", 2));
  CHECK_FALSE(find_quote_trigger("abc", 99));
}
