#include "parse_helpers.h"

#include "parser/context_window.h"

using namespace axl::parser;
using axl::parser::test::find_def;

TEST_CASE("context window: decorators and docstring removed, body re-indented") {
  std::string src = "class A:\n"
                    "\t@cached\n"
                    "\tdef area(self, w,\n"
                    "\t         h):\n"
                    "\t\t\"\"\"Old doc.\n\n\t\tMore.\n\t\t\"\"\"\n"
                    "\t\treturn w * h\n";
  auto r = parse_python(src);
  auto w = context_window(src, find_def(r, "A.area"));
  CHECK(w == "def area(self, w,\n         h):\n    return w * h");
}

TEST_CASE("context window: one-line bodies move to their own line") {
  std::string src = "def f(x): return x + 1\n";
  auto r = parse_python(src);
  CHECK(context_window(src, find_def(r, "f")) == "def f(x):\n    return x + 1");
}

TEST_CASE("context window: never over the limit, never inside a UTF-8 character") {
  std::string body;
  for (int i = 0; i < 100; ++i) body += "    x = 'ééééé'\n";
  std::string src = "def long(a):\n" + body;
  auto r = parse_python(src);
  for (size_t limit : {256u, 100u, 37u, 20u, 5u}) {
    auto w = context_window(src, find_def(r, "long"), limit);
    CHECK(w.size() <= limit);
    CHECK(src.find(w.substr(0, std::min<size_t>(w.size(), 12))) != std::string::npos);
    // A cut never leaves a dangling lead byte or a continuation byte without its lead.
    size_t i = 0;
    while (i < w.size()) {
      unsigned char c = w[i];
      size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
      REQUIRE(i + len <= w.size());
      i += len;
    }
  }
  CHECK(context_window(src, find_def(r, "long"), 256).starts_with("def long(a):\n    x = 'é"));
}

TEST_CASE("context window of a module omits its docstring") {
  std::string src = "\"\"\"Doc.\"\"\"\nimport os\n";
  auto r = parse_python(src);
  CHECK(context_window(src, r.definitions[0]) == "import os");
}
