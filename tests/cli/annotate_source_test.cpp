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
  auto unknown = annotate("# coding: klingon-8\n\"\"\"M.\"\"\"\ndef size():\n    pass\n");
  CHECK(unknown.status == Status::Skipped);
  CHECK(unknown.skip_reason == "declares encoding 'klingon-8', which iconv does not know");
}

TEST_CASE("a latin-1 file is edited as latin-1 and written back in latin-1") {
  auto latin = annotate("# coding: latin-1\n\"\"\"M.\"\"\"\ndef gr\xF6\xDF"
                        "e():\n    pass\n");
  REQUIRE(latin.status == Status::Changed);
  CHECK(latin.output.starts_with("# coding: latin-1\n\"\"\"M.\"\"\"\ndef gr\xF6\xDF"
                                 "e():\n"));
  CHECK(latin.output.find("\"\"\"Gr\xF6\xDF"
                          "e.\"\"\"") != std::string::npos);
  CHECK(latin.output.find("\xC3") == std::string::npos); // no UTF-8 in it
  CHECK(annotate(latin.output).status == Status::Unchanged);
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

TEST_CASE("check --update flags only what --update changes (DOC502 of a callee is not a finding)") {
  AnnotateRequest req;
  req.update = true;
  // The exception comes from the callee; a human documented it. --update keeps that, so a check
  // that flagged it (DOC502) could never be satisfied.
  std::string human = "\"\"\"M.\"\"\"\ndef load(path):\n    \"\"\"Load it.\n\n    Args:\n"
                      "        path: The path.\n\n    Raises:\n        OSError: If unreadable.\n"
                      "    \"\"\"\n    _read(path)\n";
  auto r = annotate(human, req);
  CHECK(r.status == Status::Unchanged);
  CHECK(r.findings.empty());
  // Next to a fixable mismatch only that one is reported, and fixing it leaves nothing to report.
  std::string stale = "\"\"\"M.\"\"\"\ndef load(path, mode):\n    \"\"\"Load it.\n\n    Args:\n"
                      "        path: The path.\n\n    Raises:\n        OSError: If unreadable.\n"
                      "    \"\"\"\n    _read(path, mode)\n";
  auto s = annotate(stale, req);
  REQUIRE(s.status == Status::Changed);
  REQUIRE(s.findings.size() == 1);
  CHECK(s.findings[0].code == "DOC101");
  auto again = annotate(s.output, req);
  CHECK(again.status == Status::Unchanged);
  CHECK(again.findings.empty());
}

TEST_CASE("@overload stubs: the implementation is documented, the stubs are left alone") {
  std::string src = "\"\"\"Mod.\"\"\"\n"
                    "from typing import overload\n\n\n"
                    "@overload\n"
                    "def scale(x: int) -> int: ...\n"
                    "@overload\n"
                    "def scale(x: float) -> float: ...\n"
                    "def scale(x):\n"
                    "    return x * 2\n";
  auto r = annotate(src);
  INFO(r.skip_reason);
  REQUIRE(r.status == Status::Changed);
  CHECK(r.added == 1);
  CHECK(r.output.find("def scale(x):\n    \"\"\"") != std::string::npos);
  CHECK(r.output.find("def scale(x: int) -> int: ...\n") != std::string::npos);
  CHECK(annotate(r.output).status == Status::Unchanged);
}

TEST_CASE("a backslash continuation in a signature: no parameter `\\`, --update is idempotent") {
  std::string src = "\"\"\"Mod.\"\"\"\n\n\ndef f(alpha, \\\n      beta):\n    return alpha\n";
  auto r = annotate(src);
  REQUIRE(r.status == Status::Changed);
  CHECK(r.output.find("`\\`") == std::string::npos);
  CHECK(r.output.find("    \\:") == std::string::npos);
  CHECK(r.output.find("beta:") != std::string::npos);
  AnnotateRequest update;
  update.update = true;
  auto again = annotate(r.output, update);
  CHECK(again.status == Status::Unchanged);
  CHECK(again.findings.empty());
}

TEST_CASE("a parenthesised or concatenated docstring is kept, no second one is added") {
  auto r = annotate("(\"Mod.\")\n\n\ndef f():\n    \"Do \" \"it.\"\n\n\nclass C:\n    (\"C.\")\n");
  CHECK(r.status == Status::Unchanged);
  CHECK(r.findings.empty());
}

TEST_CASE("a file whose lines end in a lone CR is annotated with lone CRs") {
  auto r = annotate("import os\rdef get_name(x):\r    return x\r");
  INFO(r.skip_reason);
  REQUIRE(r.status == Status::Changed);
  CHECK(r.output.find('\n') == std::string::npos);
  CHECK(r.output.find("def get_name(x):\r    \"\"\"Return the name.") != std::string::npos);
  CHECK(annotate(r.output).status == Status::Unchanged);
}

TEST_CASE(
    "rule selection: --select/--ignore and # noqa decide what is reported and what is fixed") {
  std::string src =
      "\"\"\"M.\"\"\"\n\n\nclass Box:\n    def __init__(self, x):\n        self.x = x\n\n"
      "    def size(self):  # noqa: D102\n        return 1\n\n\n"
      "def load(path):  # noqa\n    return path\n\n\n"
      "def save(path):  # noqa: D102\n    return path\n";
  AnnotateRequest no_init;
  no_init.rules.ignore = {"D107"};
  auto r = annotate(src, no_init);
  std::vector<std::string> codes;
  for (const auto& f : r.findings) codes.push_back(f.code + ":" + std::to_string(f.line));
  CHECK(codes == std::vector<std::string>{"D101:4", "D103:16"});
  CHECK(r.added == 2); // Box and save: not __init__ (ignored), size and load (noqa)
  CHECK(r.output.find("def size(self):  # noqa: D102\n        return 1") != std::string::npos);
  CHECK(r.output.find("def load(path):  # noqa\n    return path") != std::string::npos);
  CHECK(r.output.find("def __init__(self, x):\n        self.x = x") != std::string::npos);

  AnnotateRequest classes_only;
  classes_only.rules.select = {"D101"};
  auto c = annotate(src, classes_only);
  REQUIRE(c.findings.size() == 1);
  CHECK(c.findings[0].code == "D101");
  CHECK(c.added == 1);
}

TEST_CASE("stale docstrings are reported and rewritten only for the selected DOC codes") {
  std::string src = "\"\"\"M.\"\"\"\n\n\ndef scale(value, factor):\n    \"\"\"Scale it.\n\n"
                    "    Args:\n        value: The value.\n    \"\"\"\n    return value * factor\n";
  AnnotateRequest update;
  update.update = true;
  update.rules.ignore = {"DOC"};
  auto r = annotate(src, update);
  CHECK(r.findings.empty());
  CHECK(r.status == Status::Unchanged);
  update.rules.ignore = {};
  auto fixed = annotate(src, update);
  REQUIRE_FALSE(fixed.findings.empty());
  CHECK(fixed.findings[0].code == "DOC101");
  CHECK(fixed.updated == 1);
}

TEST_CASE("with no style configured, new docstrings follow the file's convention") {
  std::string src = "\"\"\"M.\"\"\"\n\n\ndef scale(value, factor):\n    \"\"\"Scale it.\n\n"
                    "    Parameters\n    ----------\n    value : int\n        The value.\n"
                    "    factor : int\n        The factor.\n    \"\"\"\n    return value * factor\n"
                    "\n\ndef shift(value, by):\n    \"\"\"Shift it.\"\"\"\n    return value + by\n"
                    "\n\ndef clamp(value, low):\n    return max(value, low)\n";
  AnnotateRequest req;
  req.style_from_file = true;
  auto r = annotate(src, req);
  REQUIRE(r.status == Status::Changed);
  auto clamp = r.output.substr(r.output.find("def clamp"));
  CHECK(clamp.find("    Parameters\n    ----------\n    value\n") != std::string::npos);
  CHECK(clamp.find("Args:") == std::string::npos);

  AnnotateRequest fixed; // a configured style (or none to follow) stays as it is
  auto g = annotate(src, fixed);
  CHECK(g.output.substr(g.output.find("def clamp")).find("    Args:\n        value:") !=
        std::string::npos);

  req.style_from_file = true;
  auto sphinx = annotate("def a(x):\n    \"\"\"A.\n\n    :param x: X.\n    \"\"\"\n\n\n"
                         "def b(y):\n    return y\n",
                         req);
  CHECK(sphinx.output.find(":param y:") != std::string::npos);
}
