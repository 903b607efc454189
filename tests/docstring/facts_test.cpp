#include "docstring/facts.h"
#include "parser/python_parser.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace axl;

namespace {

const std::string kSource = "from dataclasses import dataclass\n"
                            "def fetch(url, /, *args, _retries=3, timeout, **kwargs):\n"
                            "    pass\n"
                            "class Shop:\n"
                            "    def __init__(self, name, *, open_now=True):\n"
                            "        pass\n"
                            "    @classmethod\n"
                            "    def build(cls, name):\n"
                            "        pass\n"
                            "@dataclass\n"
                            "class Point:\n"
                            "    x: int\n"
                            "@dataclass(init=False)\n"
                            "class Size:\n"
                            "    width: int\n"
                            "    def __init__(self, width):\n"
                            "        self.width = width\n";

parser::Definition def_named(const std::string& qualified) {
  for (auto& d : parser::parse_python(kSource).definitions)
    if (d.qualified_name == qualified) return d;
  FAIL("no definition " << qualified);
  return {};
}

std::vector<std::string> documentable(const std::string& qualified) {
  auto d = def_named(qualified);
  std::vector<std::string> out;
  for (const auto* p : docstring::documentable_params(d)) out.push_back(p->name);
  return out;
}

std::vector<std::string> documented(const std::string& qualified, docstring::InitArgs where) {
  docstring::RenderOptions opts;
  opts.init_args = where;
  std::vector<std::string> out;
  for (const auto& p : docstring::documented_params(def_named(qualified), opts))
    out.push_back(p.name);
  return out;
}

using V = std::vector<std::string>;

} // namespace

TEST_CASE("documentable_params: the signature's parameters, self and cls never", "[facts]") {
  CHECK(documentable("fetch") == V{"url", "args", "_retries", "timeout", "kwargs"});
  CHECK(documentable("Shop") == V{"name", "open_now"});
  CHECK(documentable("Shop.__init__") == V{"name", "open_now"});
  CHECK(documentable("Shop.build") == V{"name"});
  // A dataclass: its own __init__'s parameters (the corpus the model learned from), else none.
  CHECK(documentable("Point").empty());
  CHECK(documentable("Size") == V{"width"});
  CHECK(documentable("").empty()); // the module
}

TEST_CASE("documented_params: where __init__'s parameters go, dataclasses have Attributes",
          "[facts]") {
  using docstring::InitArgs;
  CHECK(documented("fetch", InitArgs::InClass) ==
        V{"url", "args", "_retries", "timeout", "kwargs"});
  CHECK(documented("Shop", InitArgs::InClass) == V{"name", "open_now"});
  CHECK(documented("Shop.__init__", InitArgs::InClass).empty());
  CHECK(documented("Shop", InitArgs::InInit).empty());
  CHECK(documented("Shop.__init__", InitArgs::InInit) == V{"name", "open_now"});
  CHECK(documented("Size", InitArgs::InClass).empty());
  CHECK(documented("Size.__init__", InitArgs::InInit) == V{"width"});
}

TEST_CASE("a function that never returns gets no Returns section", "[facts]") {
  // click's `def fail(self, message: str) -> "te.NoReturn"` (typing_extensions) got
  // "Returns: te.NoReturn".
  for (std::string ann : {"None", "NoReturn", "typing.NoReturn", "te.NoReturn", "\"te.NoReturn\"",
                          "typing_extensions.Never", "'Never'"}) {
    INFO(ann);
    parser::Definition d;
    d.kind = parser::DefKind::Function;
    d.name = "fail";
    d.return_annotation = ann;
    CHECK(docstring::is_none_annotation(ann));
    CHECK_FALSE(docstring::documents_returns(d));
  }
  CHECK_FALSE(docstring::is_none_annotation("Optional[None]"));
  CHECK_FALSE(docstring::is_none_annotation("NoneType2"));
  CHECK_FALSE(docstring::is_none_annotation("int"));
}
