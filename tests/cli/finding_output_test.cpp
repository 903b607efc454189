#include "annotate/finding_output.h"

#include <catch2/catch.hpp>

using namespace axl::annotate;

TEST_CASE("findings as text, JSON and GitHub annotations") {
  std::vector<FileFinding> findings = {
      {"pkg/a.py", {4, 5, "D103", "Missing docstring in public function `get`"}},
      {"b,c.py", {1, 1, "D100", "50% done:\nyes"}}};
  CHECK(format_findings(findings, OutputFormat::Text) ==
        "pkg/a.py:4:5: D103 Missing docstring in public function `get`\n"
        "b,c.py:1:1: D100 50% done:\nyes\n");
  CHECK(format_findings(findings, OutputFormat::Json) ==
        "[\n"
        "  {\"path\":\"pkg/a.py\",\"line\":4,\"column\":5,\"code\":\"D103\",\"message\":"
        "\"Missing docstring in public function `get`\"},\n"
        "  {\"path\":\"b,c.py\",\"line\":1,\"column\":1,\"code\":\"D100\",\"message\":"
        "\"50% done:\\nyes\"}\n"
        "]\n");
  CHECK(format_findings({}, OutputFormat::Json) == "[]\n");
  // Workflow-command escaping: % and newlines everywhere, also ':' and ',' in properties.
  CHECK(format_findings(findings, OutputFormat::Github) ==
        "::error title=axl-docs (D103),file=pkg/a.py,line=4,col=5::D103 Missing docstring in "
        "public function `get`\n"
        "::error title=axl-docs (D100),file=b%2Cc.py,line=1,col=1::D100 50%25 done:%0Ayes\n");
}

TEST_CASE("output format names") {
  CHECK(parse_output_format("json") == OutputFormat::Json);
  CHECK(parse_output_format("github") == OutputFormat::Github);
  CHECK(parse_output_format("text") == OutputFormat::Text);
  CHECK_FALSE(parse_output_format("sarif"));
}
