#include "parse_helpers.h"

using namespace axl::parser;
using axl::parser::test::find_def;
using axl::parser::test::slice;

TEST_CASE("kinds, qualified names, nesting and async") {
  std::string src = "import os\n"
                    "class Outer(Base, metaclass=Meta):\n"
                    "    class Inner:\n"
                    "        def m(self): pass\n"
                    "    async def fetch(self, url):\n"
                    "        def helper(x):\n"
                    "            return x\n"
                    "        return helper(url)\n"
                    "def top(): ...\n";
  auto r = parse_python(src, "pkg.mod");
  REQUIRE_FALSE(r.has_errors);
  REQUIRE(r.definitions.size() == 7);
  CHECK(r.definitions[0].kind == DefKind::Module);
  CHECK(r.definitions[0].name == "pkg.mod");
  auto& outer = find_def(r, "Outer");
  CHECK(outer.kind == DefKind::Class);
  CHECK(outer.bases == std::vector<std::string>{"Base", "metaclass=Meta"});
  CHECK(find_def(r, "Outer.Inner").kind == DefKind::Class);
  CHECK(find_def(r, "Outer.Inner.m").kind == DefKind::Method);
  auto& fetch = find_def(r, "Outer.fetch");
  CHECK(fetch.kind == DefKind::Method);
  CHECK(fetch.is_async);
  CHECK(fetch.depth == 2);
  CHECK(find_def(r, "Outer.fetch.helper").kind == DefKind::Function);
  CHECK(find_def(r, "top").kind == DefKind::Function);
  CHECK(slice(src, fetch.name_range) == "fetch");
  CHECK(fetch.range.start.line == 4);
  CHECK(fetch.range.start.column == 4);
}

TEST_CASE("decorators are recorded and recognised") {
  std::string src = "from dataclasses import dataclass\n"
                    "@dataclass(frozen=True)\n"
                    "class P:\n"
                    "    x: int\n"
                    "    y: float = 0.0\n"
                    "    tags: ClassVar[list] = []\n"
                    "    @property\n"
                    "    def norm(self) -> float: return 1.0\n"
                    "    @norm.setter\n"
                    "    def norm(self, v): pass\n"
                    "    @staticmethod\n"
                    "    def make(a, b): pass\n"
                    "    @classmethod\n"
                    "    @functools.wraps(f)\n"
                    "    def build(cls): pass\n"
                    "    @typing.overload\n"
                    "    def f(self, a: int) -> int: ...\n"
                    "    @abc.abstractmethod\n"
                    "    def g(self): ...\n";
  auto r = parse_python(src);
  auto& p = find_def(r, "P");
  CHECK(p.is_dataclass);
  CHECK(p.decorators == std::vector<std::string>{"dataclass(frozen=True)"});
  REQUIRE(p.attributes.size() == 2);
  CHECK(p.attributes[0].name == "x");
  CHECK(p.attributes[0].annotation == "int");
  CHECK_FALSE(p.attributes[0].default_value);
  CHECK(p.attributes[1].default_value == "0.0");
  CHECK(p.range.start.line == 1); // decorators belong to the definition
  auto& norm = r.definitions[2];
  CHECK(norm.is_property);
  CHECK(r.definitions[3].is_property); // the setter
  auto& make = find_def(r, "P.make");
  CHECK(make.is_staticmethod);
  CHECK_FALSE(make.params[0].is_self_or_cls);
  auto& build = find_def(r, "P.build");
  CHECK(build.is_classmethod);
  CHECK(build.params[0].is_self_or_cls);
  CHECK(build.decorators.size() == 2);
  CHECK(find_def(r, "P.f").is_overload);
  CHECK(find_def(r, "P.g").is_abstract);
}

TEST_CASE("class __init__ parameters") {
  auto r = parse_python("class C:\n    def __init__(self, a, b: int = 2, *, c):\n        pass\n");
  auto& c = find_def(r, "C");
  REQUIRE(c.init_params.size() == 3);
  CHECK(c.init_params[0].name == "a");
  CHECK(c.init_params[1].annotation == "int");
  CHECK(c.init_params[2].kind == ParamKind::KeywordOnly);
}

TEST_CASE("public and private, with and without __all__") {
  auto r = parse_python("def pub(): pass\ndef _priv(): pass\ndef __dunder__(): pass\n"
                        "class _Hidden:\n    def visible(self): pass\n");
  CHECK(find_def(r, "pub").is_public);
  CHECK_FALSE(find_def(r, "_priv").is_public);
  CHECK(find_def(r, "__dunder__").is_public);
  CHECK_FALSE(find_def(r, "_Hidden.visible").is_public);
  CHECK_FALSE(r.has_all);

  auto r2 = parse_python("__all__ = ['a', \"C\"]\ndef a(): pass\ndef b(): pass\n"
                         "class C:\n    def m(self): pass\n");
  CHECK(r2.has_all);
  CHECK(find_def(r2, "a").is_public);
  CHECK_FALSE(find_def(r2, "b").is_public);
  CHECK(find_def(r2, "C.m").is_public);
}

TEST_CASE("body indentation as written: spaces, tabs, one-line bodies") {
  std::string src = "def a():\n  return 1\nclass T:\n\tdef b(self):\n\t\tpass\ndef c(x): return x\n"
                    "if True:\n\tdef d(): pass\n";
  auto r = parse_python(src);
  CHECK(find_def(r, "a").body_indent == "  ");
  CHECK_FALSE(find_def(r, "a").body_on_header_line);
  CHECK(find_def(r, "T.b").body_indent == "\t\t");
  auto& c = find_def(r, "c");
  CHECK(c.body_on_header_line);
  CHECK(c.body_indent == "    ");
  CHECK(src.substr(c.body_start_byte, 6) == "return");
  CHECK(src[c.colon_byte] == ':');
  CHECK(find_def(r, "d").body_indent == "\t\t");
}

TEST_CASE("existing docstrings: quotes and prefixes") {
  std::string src = "def a():\n    r'''Raw \\d doc.'''\n"
                    "def b():\n    u\"Unicode doc.\"\n"
                    "def c():\n    # comment first\n    \"\"\"Doc after comment.\"\"\"\n"
                    "def d():\n    x = 1\n    \"\"\"Not a docstring.\"\"\"\n"
                    "def e():\n    f\"\"\"Not a docstring either.\"\"\"\n"
                    "def f():\n    \"a\" \"b\"\n";
  auto r = parse_python(src);
  auto& a = find_def(r, "a");
  REQUIRE(a.docstring);
  CHECK(a.docstring->prefix == "r");
  CHECK(a.docstring->quote == "'''");
  CHECK(a.docstring->raw_body == "Raw \\d doc.");
  CHECK(slice(src, a.docstring->range) == "r'''Raw \\d doc.'''");
  auto& b = find_def(r, "b");
  REQUIRE(b.docstring);
  CHECK(b.docstring->prefix == "u");
  CHECK(b.docstring->quote == "\"");
  CHECK(b.docstring->raw_body == "Unicode doc.");
  REQUIRE(find_def(r, "c").docstring);
  CHECK(find_def(r, "c").docstring->raw_body == "Doc after comment.");
  CHECK_FALSE(find_def(r, "d").docstring);
  CHECK_FALSE(find_def(r, "e").docstring);
  REQUIRE(find_def(r, "f").docstring); // implicit concatenation: a docstring for CPython
  CHECK(find_def(r, "f").docstring->raw_body == "ab");
}

TEST_CASE("module docstring after a shebang and comments") {
  auto r =
      parse_python("#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n\"\"\"Module doc.\"\"\"\n");
  REQUIRE(r.definitions[0].docstring);
  CHECK(r.definitions[0].docstring->raw_body == "Module doc.");
}

TEST_CASE("syntax errors: well-formed definitions are still reported, nothing crashes") {
  std::string src = "def good(a, b):\n    return a\n\ndef broken(a, :\n    pass\n\n"
                    "class K:\n    def ok(self):\n        x = (\n    def after(self): pass\n";
  auto r = parse_python(src);
  CHECK(r.has_errors);
  bool found_good = false;
  for (auto& d : r.definitions) {
    if (d.qualified_name == "good") found_good = true;
    CHECK(d.name != "broken");
  }
  CHECK(found_good);
  // Garbage of every kind parses without throwing.
  std::vector<std::string> junk_inputs = {"def",
                                          "def (:",
                                          "class",
                                          "@",
                                          "@x\n",
                                          "async",
                                          "lambda: (",
                                          std::string("\xff\xfe\x00", 3),
                                          "def f(*, **): pass",
                                          "def f(a=, b): pass",
                                          std::string(3000, '(')};
  for (const auto& junk : junk_inputs) {
    CHECK_NOTHROW(parse_python(junk));
  }
}

TEST_CASE("non-ASCII identifiers, BOM and CRLF") {
  std::string src = "\xEF\xBB\xBF"
                    "def größe(wert):\r\n    return wert\r\n";
  auto r = parse_python(src);
  auto& g = find_def(r, "größe");
  CHECK(g.params[0].name == "wert");
  CHECK(g.body_indent == "    ");
  CHECK(g.returns_value);
}

TEST_CASE("a parenthesised or implicitly concatenated string is a docstring, as for CPython") {
  std::string src = "def a():\n    (\"Paren doc.\")\n"
                    "def b():\n    \"Join \" 'doc.'\n"
                    "def c():\n    (\"Both \"\n     \"parts.\")\n"
                    "def d():\n    f\"not {a}\" \"doc\"\n"
                    "def e():\n    (\"x\", \"y\")\n";
  auto r = parse_python(src);
  REQUIRE_FALSE(r.has_errors);
  auto& a = find_def(r, "a");
  REQUIRE(a.docstring);
  CHECK(a.docstring->summary == "Paren doc.");
  CHECK(slice(src, a.docstring->range) == "(\"Paren doc.\")");
  REQUIRE(find_def(r, "b").docstring);
  CHECK(find_def(r, "b").docstring->summary == "Join doc.");
  REQUIRE(find_def(r, "c").docstring);
  CHECK(find_def(r, "c").docstring->summary == "Both parts.");
  CHECK_FALSE(find_def(r, "d").docstring);
  CHECK_FALSE(find_def(r, "e").docstring);
}
