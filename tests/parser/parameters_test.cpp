#include "parse_helpers.h"

using namespace axl::parser;
using axl::parser::test::find_def;

TEST_CASE("parameter kinds in order") {
  auto r = parse_python("def f(a, b, /, c, d=1, *args, e, f: int = 2, **kw) -> None: pass\n");
  auto& f = find_def(r, "f");
  REQUIRE(f.params.size() == 8);
  std::vector<std::pair<std::string, ParamKind>> want = {
      {"a", ParamKind::PositionalOnly},   {"b", ParamKind::PositionalOnly},
      {"c", ParamKind::Normal},           {"d", ParamKind::Normal},
      {"args", ParamKind::VarPositional}, {"e", ParamKind::KeywordOnly},
      {"f", ParamKind::KeywordOnly},      {"kw", ParamKind::VarKeyword}};
  for (size_t i = 0; i < want.size(); ++i) {
    CHECK(f.params[i].name == want[i].first);
    CHECK(f.params[i].kind == want[i].second);
  }
  CHECK(f.params[3].default_value == "1");
  CHECK(f.params[6].annotation == "int");
  CHECK(f.params[6].default_value == "2");
  CHECK(f.return_annotation == "None");
}

TEST_CASE("bare * separator and annotated splats") {
  auto r = parse_python("def g(x, *, y, z=3): pass\ndef h(*args: int, **kwargs: str): pass\n");
  auto& g = find_def(r, "g");
  REQUIRE(g.params.size() == 3);
  CHECK(g.params[1].kind == ParamKind::KeywordOnly);
  CHECK(g.params[2].kind == ParamKind::KeywordOnly);
  auto& h = find_def(r, "h");
  REQUIRE(h.params.size() == 2);
  CHECK(h.params[0].name == "args");
  CHECK(h.params[0].kind == ParamKind::VarPositional);
  CHECK(h.params[0].annotation == "int");
  CHECK(h.params[1].name == "kwargs");
  CHECK(h.params[1].kind == ParamKind::VarKeyword);
  CHECK(h.params[1].annotation == "str");
}

TEST_CASE("annotations and defaults with colons, parens, commas, strings and brackets") {
  std::string src = "def f(\n"
                    "    a: Dict[str, Tuple[int, ...]] = {'k:': (1, 2)},\n"
                    "    b: Callable[[int], str] = lambda x: str(x),\n"
                    "    c: 'Foo(bar)' = \")\",\n"
                    "    # a comment, with commas\n"
                    "    d=[1, [2, 3]],  # trailing\n"
                    ") -> Tuple[int, str]:\n"
                    "    pass\n";
  auto r = parse_python(src);
  auto& f = find_def(r, "f");
  REQUIRE(f.params.size() == 4);
  CHECK(f.params[0].annotation == "Dict[str, Tuple[int, ...]]");
  CHECK(f.params[0].default_value == "{'k:': (1, 2)}");
  CHECK(f.params[1].annotation == "Callable[[int], str]");
  CHECK(f.params[1].default_value == "lambda x: str(x)");
  CHECK(f.params[2].annotation == "'Foo(bar)'");
  CHECK(f.params[2].default_value == "\")\"");
  CHECK(f.params[3].default_value == "[1, [2, 3]]");
  CHECK(f.return_annotation == "Tuple[int, str]");
  CHECK(f.header_range.end.line == 6);
}

TEST_CASE("self and cls are recognised only where bound") {
  auto r =
      parse_python("class A:\n    def m(this, x): pass\n    @staticmethod\n    def s(self): pass\n"
                   "def free(self): pass\n");
  CHECK(find_def(r, "A.m").params[0].is_self_or_cls);
  CHECK_FALSE(find_def(r, "A.m").params[1].is_self_or_cls);
  CHECK_FALSE(find_def(r, "A.s").params[0].is_self_or_cls);
  CHECK_FALSE(find_def(r, "free").params[0].is_self_or_cls);
}

TEST_CASE("a backslash line continuation is not a parameter") {
  auto r = parse_python(
      "def f(alpha, \\\n      beta=1, \\\n      *rest):\n    return \\\n        alpha\n");
  REQUIRE_FALSE(r.has_errors);
  auto& f = find_def(r, "f");
  REQUIRE(f.params.size() == 3);
  CHECK(f.params[0].name == "alpha");
  CHECK(f.params[1].name == "beta");
  CHECK(f.params[2].name == "rest");
  CHECK(f.returns_value);
}
