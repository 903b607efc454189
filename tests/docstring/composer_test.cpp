#include "docstring/composer.h"
#include "helpers.h"

#include <stdexcept>

using namespace axl;
using namespace axl::docstring;

namespace {

std::string annotate(std::string_view src, RenderOptions o = {},
                     FileMode mode = FileMode::Missing) {
  auto pr = parser::parse_python(src, "mod");
  HeuristicSummaryProvider h;
  auto res = compose_file(src, pr, h, o, mode);
  auto again = parser::parse_python(res.new_source, "mod");
  INFO(res.new_source);
  CHECK_FALSE(again.has_errors);
  // Running twice changes nothing the second time.
  CHECK(compose_file(res.new_source, again, h, o, mode).edits.empty());
  return res.new_source;
}

class ThrowingProvider final : public SummaryProvider {
public:
  DocText describe(const parser::Definition&, std::string_view, std::stop_token) override {
    throw std::runtime_error("model exploded");
  }
  std::string_view name() const override { return "throwing"; }
};

class PartialProvider final : public SummaryProvider {
public:
  std::string last_window;
  DocText describe(const parser::Definition& def, std::string_view window,
                   std::stop_token) override {
    last_window = std::string(window);
    DocText t;
    if (def.name == "area") t.summary = "Compute the area of a \"\"\"circle\"\"\" \\ carefully.";
    return t;
  }
  std::string_view name() const override { return "partial"; }
};

} // namespace

TEST_CASE("a whole file: module, class, methods, one-liners, tabs", "[composer]") {
  std::string src = "import os\n"
                    "\n"
                    "class Shape:\n"
                    "\tdef __init__(self, sides: int = 3):\n"
                    "\t\tself.sides = sides\n"
                    "\n"
                    "\tdef is_regular(self) -> bool: return True\n"
                    "\n"
                    "def area(r: float) -> float:\n"
                    "    if r < 0:\n"
                    "        raise ValueError(r)\n"
                    "    return 3.14 * r * r\n";
  CHECK(annotate(src) == "\"\"\"Mod.\"\"\"\n"
                         "\n"
                         "import os\n"
                         "\n"
                         "class Shape:\n"
                         "\t\"\"\"Shape with `sides`.\n"
                         "\n"
                         "\tArgs:\n"
                         "\t    sides (int): The sides. Defaults to 3.\n"
                         "\t\"\"\"\n"
                         "\tdef __init__(self, sides: int = 3):\n"
                         "\t\t\"\"\"Initialize the Shape, storing `sides`.\"\"\"\n"
                         "\t\tself.sides = sides\n"
                         "\n"
                         "\tdef is_regular(self) -> bool:\n"
                         "\t\t\"\"\"Return True if the shape is regular.\n"
                         "\n"
                         "\t\tReturns:\n"
                         "\t\t    bool: True if the shape is regular, False otherwise.\n"
                         "\t\t\"\"\"\n"
                         "\t\treturn True\n"
                         "\n"
                         "def area(r: float) -> float:\n"
                         "    \"\"\"Area.\n"
                         "\n"
                         "    Args:\n"
                         "        r (float): The r.\n"
                         "\n"
                         "    Returns:\n"
                         "        float: The resulting number.\n"
                         "\n"
                         "    Raises:\n"
                         "        ValueError\n"
                         "    \"\"\"\n"
                         "    if r < 0:\n"
                         "        raise ValueError(r)\n"
                         "    return 3.14 * r * r\n");
}

TEST_CASE("CRLF files stay CRLF, async and decorated defs", "[composer]") {
  std::string src =
      "\"\"\"Doc.\"\"\"\r\n@cache\r\nasync def get_user(uid):\r\n    return await db(uid)\r\n";
  CHECK(annotate(src) ==
        "\"\"\"Doc.\"\"\"\r\n@cache\r\nasync def get_user(uid):\r\n"
        "    \"\"\"Return the user.\r\n\r\n    Args:\r\n        uid: The uid.\r\n\r\n"
        "    Returns:\r\n        The user.\r\n    \"\"\"\r\n    return await db(uid)\r\n");
}

TEST_CASE("provider text is escaped, a throwing provider falls back", "[composer]") {
  std::string src = "\"\"\"Doc.\"\"\"\ndef area(r):\n    return r\n";
  auto pr = parser::parse_python(src, "mod");
  PartialProvider p;
  RenderOptions o;
  o.style = Style::Pep257;
  auto res = compose_file(src, pr, p, o);
  CHECK(res.new_source ==
        "\"\"\"Doc.\"\"\"\ndef area(r):\n"
        "    \"\"\"Compute the area of a \"\"\\\"circle\"\"\\\" \\\\ carefully.\"\"\"\n"
        "    return r\n");
  CHECK(p.last_window.starts_with("def area(r):"));
  CHECK_FALSE(parser::parse_python(res.new_source).has_errors);
  ThrowingProvider t;
  auto fallback = compose_file(src, pr, t, o);
  CHECK(fallback.new_source.find("\"\"\"Area.\"\"\"") != std::string::npos);
}

TEST_CASE("options: numpy, single quotes, summary on a new line", "[composer]") {
  std::string src = "'''Doc.'''\ndef scale(x: float, k: float = 2.0) -> float:\n    return x * k\n";
  RenderOptions o;
  o.style = Style::Numpy;
  o.quote = "'''";
  o.summary_on_new_line = true;
  CHECK(annotate(src, o) ==
        "'''Doc.'''\ndef scale(x: float, k: float = 2.0) -> float:\n"
        "    '''\n    Scale.\n\n    Parameters\n    ----------\n"
        "    x : float\n        The x.\n    k : float, optional\n"
        "        The k. Defaults to 2.0.\n\n    Returns\n    -------\n"
        "    float\n        The resulting number.\n    '''\n    return x * k\n");
}

TEST_CASE("defaults with backslashes make a raw docstring", "[composer]") {
  std::string src = "\"\"\"Doc.\"\"\"\ndef split(s, sep='\\n'):\n    return s.split(sep)\n";
  auto out = annotate(src);
  CHECK(out.find("    r\"\"\"Split by calling `s.split` with `sep`.") != std::string::npos);
  CHECK(out.find("sep: The sep. Defaults to '\\n'.") != std::string::npos);
}

TEST_CASE("update mode fixes stale docstrings and leaves good ones", "[composer]") {
  // (`return a + b` proves no type and the name gives no words: no Returns entry is invented.)
  std::string src =
      "\"\"\"Doc.\"\"\"\n"
      "def f(a, b):\n"
      "    \"\"\"Add things.\n\n    Args:\n        a: First.\n        c: Old.\n    \"\"\"\n"
      "    return a + b\n"
      "def g(a):\n"
      "    \"\"\"Fine.\n\n    Args:\n        a: A.\n    \"\"\"\n";
  CHECK(annotate(src, {}, FileMode::Missing) == src);
  CHECK(annotate(src, {}, FileMode::MissingAndStale) ==
        "\"\"\"Doc.\"\"\"\n"
        "def f(a, b):\n"
        "    \"\"\"Add things.\n\n    Args:\n        a: First.\n        b: Old.\n    \"\"\"\n"
        "    return a + b\n"
        "def g(a):\n"
        "    \"\"\"Fine.\n\n    Args:\n        a: A.\n    \"\"\"\n");
}

TEST_CASE("cancellation stops between definitions", "[composer]") {
  std::string src = "def a():\n    pass\ndef b():\n    pass\n";
  auto pr = parser::parse_python(src, "mod");
  HeuristicSummaryProvider h;
  std::stop_source stop;
  stop.request_stop();
  auto res = compose_file(src, pr, h, {}, FileMode::Missing, stop.get_token());
  CHECK(res.cancelled);
  CHECK(res.new_source == src);
}

TEST_CASE("one-line defs everywhere, semicolons, comments, multi-line headers", "[composer]") {
  std::string src = "def f(): return 1\n"
                    "class A: pass\n"
                    "async def g(x): y = x; yield y  # note\n"
                    "def h(\n    a,\n    b,\n):  # trailing\n# flush-left comment\n    return a\n";
  CHECK(annotate(src) == "\"\"\"Mod.\"\"\"\n\n"
                         "def f():\n    \"\"\"F.\n\n    Returns:\n        int\n    \"\"\"\n"
                         "    return 1\n"
                         "class A:\n    \"\"\"A.\"\"\"\n    pass\n"
                         "async def g(x):\n    \"\"\"G.\n\n    Args:\n        x: The x.\n\n"
                         "    Yields:\n        object\n    \"\"\"\n"
                         "    y = x; yield y  # note\n"
                         "def h(\n    a,\n    b,\n):  # trailing\n"
                         "    \"\"\"H.\n\n    Args:\n        a: The a.\n        b: The b.\n\n"
                         "    Returns:\n        object\n    \"\"\"\n"
                         "# flush-left comment\n    return a\n");
}

TEST_CASE("non-ASCII identifiers and text", "[composer]") {
  std::string src = "\"\"\"Modul.\"\"\"\ndef größe(wert: int = 5) -> int:\n    return wert\n";
  CHECK(annotate(src) ==
        "\"\"\"Modul.\"\"\"\ndef größe(wert: int = 5) -> int:\n"
        "    \"\"\"Größe.\n\n    Args:\n        wert (int): The wert. Defaults to 5.\n\n"
        "    Returns:\n        int: The resulting integer.\n    \"\"\"\n"
        "    return wert\n");
}

TEST_CASE("decorated and nested definitions inside classes", "[composer]") {
  std::string src = "\"\"\"M.\"\"\"\nclass A:\n    \"\"\"A.\"\"\"\n    @staticmethod\n    # why\n"
                    "    def make(n):\n        class Inner:\n            def run(self): pass\n"
                    "        return Inner\n";
  RenderOptions o;
  o.include_private = true; // Inner and run live inside a function: private
  auto out = annotate(src, o);
  CHECK(out.find("    def make(n):\n        \"\"\"Make.\n") != std::string::npos);
  CHECK(out.find("        class Inner:\n            \"\"\"Inner.\"\"\"\n") != std::string::npos);
  CHECK(
      out.find(
          "            def run(self):\n                \"\"\"Run.\"\"\"\n                pass\n") !=
      std::string::npos);
}

namespace {
// Names each summary after the definition and counts the batches it is asked in; throws for a
// definition named `boom` (in a batch and alone).
class BatchCountingProvider final : public SummaryProvider {
public:
  std::vector<size_t> batches;
  DocText describe(const parser::Definition& def, std::string_view, std::stop_token) override {
    if (def.name == "boom") throw std::runtime_error("boom");
    DocText t;
    t.summary = "Do the " + def.name + " thing.";
    return t;
  }
  std::vector<DocText> describe_all(std::span<const Request> requests,
                                    std::stop_token stop) override {
    batches.push_back(requests.size());
    return SummaryProvider::describe_all(requests, stop);
  }
  std::string_view name() const override { return "counting"; }
};
} // namespace

TEST_CASE("a file's definitions are asked in batches, with the same result as one by one",
          "[composer]") {
  std::string src;
  for (int i = 0; i < 20; ++i) src += "def f" + std::to_string(i) + "(x):\n    return x\n";
  auto pr = parser::parse_python(src, "mod");
  BatchCountingProvider p;
  auto res = compose_file(src, pr, p, {});
  CHECK(p.batches == std::vector<size_t>{16, 5}); // the module and 20 functions
  REQUIRE(res.docstrings.size() == 21);
  for (const auto& d : res.docstrings) {
    if (d.kind == parser::DefKind::Module) continue;
    const auto& def = pr.definitions[d.def_index];
    BatchCountingProvider alone;
    CHECK(compose_docstring(src, def, alone, {}).text == d.text);
    CHECK(d.text.starts_with("Do the " + def.name + " thing."));
  }

  // A provider that throws in a batch costs only the definition that made it throw.
  std::string with_boom = "def ok(x):\n    return x\ndef boom(x):\n    return x\n";
  auto pb = parser::parse_python(with_boom, "mod");
  BatchCountingProvider q;
  auto r2 = compose_file(with_boom, pb, q, {});
  REQUIRE(r2.docstrings.size() == 3);
  CHECK(r2.docstrings[1].text.starts_with("Do the ok thing."));
  CHECK_FALSE(r2.docstrings[2].text.starts_with("Do the")); // the heuristic wrote it
}
