#include "parse_helpers.h"

using namespace axl::parser;
using axl::parser::test::find_def;

TEST_CASE("yields and returns in the own body only") {
  auto r = parse_python("def gen():\n    yield 1\n"
                        "def gen_from():\n    x = yield from other()\n"
                        "def outer():\n    def inner():\n        yield 2\n    f = lambda: (yield)\n"
                        "    return\n"
                        "def ret_none():\n    return None\n"
                        "def ret():\n    if x:\n        return x + 1\n");
  CHECK(find_def(r, "gen").yields);
  CHECK(find_def(r, "gen_from").yields);
  CHECK_FALSE(find_def(r, "outer").yields);
  CHECK_FALSE(find_def(r, "outer").returns_value);
  CHECK(find_def(r, "outer.inner").yields);
  CHECK_FALSE(find_def(r, "ret_none").returns_value);
  CHECK(find_def(r, "ret").returns_value);
}

TEST_CASE("raised exceptions: de-duplicated, first-appearance order, bare raise ignored") {
  auto r = parse_python("def f(x):\n"
                        "    if x:\n        raise ValueError('bad')\n"
                        "    try:\n        pass\n    except KeyError:\n        raise\n"
                        "    raise errors.Custom from None\n"
                        "    raise ValueError\n"
                        "    def g():\n        raise TypeError()\n"
                        "    raise RuntimeError(f'{x}')\n");
  auto& f = find_def(r, "f");
  CHECK(f.raises == std::vector<std::string>{"ValueError", "errors.Custom", "RuntimeError"});
  CHECK(find_def(r, "f.g").raises == std::vector<std::string>{"TypeError"});
}

TEST_CASE("definitions inside control flow are found") {
  auto r = parse_python("if TYPE_CHECKING:\n    def a(): pass\nelse:\n    def b(): pass\n"
                        "try:\n    class C: pass\nexcept ImportError:\n    pass\n");
  CHECK(find_def(r, "a").depth == 1);
  CHECK(find_def(r, "b").depth == 1);
  CHECK(find_def(r, "C").kind == DefKind::Class);
}
