#include "docstring/missing.h"
#include "helpers.h"

using namespace axl;
using namespace axl::docstring;

namespace {
std::vector<std::string> codes(std::string_view src, bool include_private = false,
                               std::string_view module = "mod") {
  auto pr = parser::parse_python(src, module);
  std::vector<std::string> out;
  for (const auto& m : find_missing(pr, src, include_private))
    out.push_back(m.code + " " + m.def->qualified_name + " " + m.message);
  return out;
}
} // namespace

TEST_CASE("pydocstyle codes D100-D107", "[missing]") {
  std::string src = R"(import os

class Client:
    class Config:
        pass

    def __init__(self):
        pass

    def __len__(self):
        return 0

    def fetch(self):
        def helper():
            pass
        return helper

    def _secret(self):
        pass

def run():
    pass

def _hidden():
    pass
)";
  CHECK(codes(src) == std::vector<std::string>{
                          "D100 mod Missing docstring in public module",
                          "D101 Client Missing docstring in public class",
                          "D106 Client.Config Missing docstring in public nested class",
                          "D107 Client.__init__ Missing docstring in __init__",
                          "D105 Client.__len__ Missing docstring in magic method",
                          "D102 Client.fetch Missing docstring in public method",
                          "D103 run Missing docstring in public function",
                      });
  auto all = codes(src, true);
  CHECK(all.size() == 10);
  CHECK(std::find(all.begin(), all.end(),
                  "D103 Client.fetch.helper Missing docstring in private function") != all.end());
  CHECK(std::find(all.begin(), all.end(),
                  "D102 Client._secret Missing docstring in private method") != all.end());
}

TEST_CASE("packages, empty files, overloads and setters", "[missing]") {
  CHECK(codes("x = 1\n", false, "__init__") ==
        std::vector<std::string>{"D104 __init__ Missing docstring in public package"});
  CHECK(codes("# just a comment\n\n", false, "__init__").empty());
  CHECK(codes("", false, "tools").empty());
  std::string src = R"("""Doc."""
from typing import overload

@overload
def f(x: int) -> int: ...
@overload
def f(x: str) -> str: ...
def f(x):
    """Doc."""
    return x

class A:
    """Doc."""
    @property
    def v(self):
        """Doc."""
        return 1
    @v.setter
    def v(self, value):
        pass
)";
  CHECK(codes(src, true).empty());
}

TEST_CASE("__all__ decides what is public", "[missing]") {
  std::string src =
      "\"\"\"Doc.\"\"\"\n__all__ = ['shown']\ndef shown():\n    pass\ndef hidden():\n    pass\n";
  CHECK(codes(src) == std::vector<std::string>{"D103 shown Missing docstring in public function"});
}

TEST_CASE("__call__ and __new__ are public methods (D102), as pydocstyle reports them") {
  const char* src = "\"\"\"M.\"\"\"\nclass C:\n    \"\"\"C.\"\"\"\n"
                    "    def __new__(cls):\n        pass\n"
                    "    def __call__(self):\n        pass\n"
                    "    def __eq__(self, o):\n        pass\n";
  CHECK(codes(src) == std::vector<std::string>{
                          "D102 C.__new__ Missing docstring in public method",
                          "D102 C.__call__ Missing docstring in public method",
                          "D105 C.__eq__ Missing docstring in magic method",
                      });
}
