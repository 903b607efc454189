#include "annotate/annotate_source.h"
#include "docstring/heuristic_summary.h"

#include <catch2/catch.hpp>

using namespace axl::annotate;

namespace {
AnnotateResult annotate(const std::string& src, AnnotateRequest req = {}) {
  axl::docstring::HeuristicSummaryProvider provider;
  return annotate_source(src, req, provider);
}
} // namespace

TEST_CASE("annotate adds docstrings, keeps every other byte, and is idempotent") {
  std::string src =
      "\"\"\"Mod.\"\"\"\r\n\r\nclass A:\r\n\tdef get_name(self):\r\n\t\treturn 'a'  # keep\r\n";
  auto r = annotate(src);
  REQUIRE(r.status == Status::Changed);
  CHECK(r.added == 2);
  CHECK(r.output.find("\t\t\"\"\"Return the name.") != std::string::npos);
  CHECK(r.output.find("\t\treturn 'a'  # keep\r\n") != std::string::npos);
  CHECK(r.output.find('\n') == r.output.find("\r\n") + 1); // CRLF kept
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].code == "D101");
  CHECK(r.findings[0].line == 3);
  CHECK(r.findings[0].column == 7);
  CHECK(r.findings[1].message == "Missing docstring in public method `A.get_name`");
  auto again = annotate(r.output);
  CHECK(again.status == Status::Unchanged);
  CHECK(again.findings.empty());
}

TEST_CASE("files that cannot be edited safely are skipped with a reason") {
  auto syntax = annotate("def f(:\n    pass\n");
  CHECK(syntax.status == Status::Skipped);
  CHECK(syntax.skip_reason == "syntax error at line 1, column 7");
  auto latin = annotate("# coding: latin-1\n\"\"\"M.\"\"\"\ndef größe():\n    pass\n");
  CHECK(latin.status == Status::Skipped);
  CHECK(latin.skip_reason.find("not ASCII") != std::string::npos);
  auto latin_ascii = annotate("# coding: latin-1\n\"\"\"M.\"\"\"\ndef size():\n    pass\n");
  CHECK(latin_ascii.status == Status::Changed);
}

TEST_CASE("columns in findings count characters, not bytes") {
  auto r = annotate("\"\"\"M.\"\"\"\nx = 'ü'; y = 1\nclass Ü: pass\n");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].line == 3);
  CHECK(r.findings[0].column == 7);
}

TEST_CASE("update mode reports and fixes stale docstrings") {
  AnnotateRequest req;
  req.update = true;
  std::string src = "\"\"\"M.\"\"\"\ndef f(a, b):\n    \"\"\"Do it.\n\n    Args:\n        a: "
                    "First.\n    \"\"\"\n";
  auto r = annotate(src, req);
  REQUIRE(r.status == Status::Changed);
  CHECK(r.updated == 1);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].code == "DOC101");
  CHECK(r.output.find("        a: First.\n") != std::string::npos);
  CHECK(r.output.find("        b: ") != std::string::npos);
  CHECK(annotate(src).status == Status::Unchanged); // without --update stale ones are left alone
}
