#include "parser/docstring_sections.h"

#include <catch2/catch.hpp>

using namespace axl::parser;

TEST_CASE("clean_docstring dedents like inspect.cleandoc", "[sections]") {
  CHECK(clean_docstring("Summary.\n\n    More text.\n      Indented.\n    ") ==
        "Summary.\n\nMore text.\n  Indented.");
  CHECK(clean_docstring("\n    Summary on the next line.\r\n    ") == "Summary on the next line.");
  CHECK(clean_docstring("") == "");
}
