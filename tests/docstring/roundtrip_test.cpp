// Generated docstrings read back as up to date in every style: annotate then annotate --update
// changes nothing (numpy's unfillable Returns aside, see below).
#include "docstring/composer.h"
#include "helpers.h"

using namespace axl;
using namespace axl::docstring;

namespace {

const char* kSource = R"(import os


class Store:
    limit: int = 10
    name: str

    def __init__(self, path: str, *, readonly: bool = False):
        self.path = path

    def get_item(self, key: str, default=None) -> "Item | None":
        if not key:
            raise KeyError(key)
        return self.items.get(key, default)

    def iter_keys(self, *patterns: str, **options) -> Iterator[str]:
        yield from self.items

    @property
    def size(self) -> int:
        return len(self.items)

    def close(self) -> None:
        pass


async def fetch(url, /, retries: int = 3, *args, timeout: float = 1.0, **kwargs) -> bytes:
    if retries < 0:
        raise ValueError("retries")
    return b""


def process(data):
    if data is None:
        raise TypeError("data")
    return data


def outer(x):
    def inner(y):
        return y
    return inner(x)
)";

} // namespace

TEST_CASE("every style, with and without types, reads back as up to date", "[roundtrip]") {
  HeuristicSummaryProvider h;
  for (Style style : {Style::Google, Style::Numpy, Style::Sphinx, Style::Epytext, Style::Pep257})
    for (bool types : {true, false})
      for (InitArgs init : {InitArgs::InClass, InitArgs::InInit}) {
        RenderOptions o;
        o.style = style;
        o.include_types = types;
        o.init_args = init;
        o.include_private = true;
        std::string src = kSource;
        auto first = compose_file(src, parser::parse_python(src, "store"), h, o, FileMode::Missing);
        INFO(style_name(style) << " types=" << types << "\n" << first.new_source);
        CHECK(first.docstrings.size() == 11);
        auto again = parser::parse_python(first.new_source, "store");
        REQUIRE_FALSE(again.has_errors);
        for (const auto& d : again.definitions) {
          INFO(d.qualified_name);
          CHECK(d.docstring.has_value());
          if (d.docstring && style != Style::Pep257 && d.kind != parser::DefKind::Module &&
              !d.is_property && d.docstring->text.find('\n') != std::string::npos)
            CHECK(d.docstring->style == to_doc_style(style));
          // numpy writes no Returns entry it cannot fill (no proven type, no words: `object`
          // would be invented), so DOC201 stays for the human to answer, reported, not fixable.
          for (const auto& m : find_mismatches(d)) {
            INFO(m.code);
            CHECK((style == Style::Numpy && m.code == "DOC201" && !m.fixable));
          }
        }
        auto second = compose_file(first.new_source, again, h, o, FileMode::MissingAndStale);
        CHECK(second.edits.empty());
      }
}

TEST_CASE("flush-left 'Arguments:' prose is not a google section", "[roundtrip]") {
  std::string src = "def cmp(f1, f2):\n    \"\"\"Compare.\n\n    Arguments:\n\n    f1 -- first\n   "
                    " f2 -- second\n    \"\"\"\n    return f1 == f2\n";
  auto pr = parser::parse_python(src, "m");
  const auto& d = test::find_def(pr, "cmp");
  REQUIRE(d.docstring);
  CHECK(d.docstring->style == parser::DocStyle::Unknown);
  HeuristicSummaryProvider h;
  CHECK(compose_file(src, pr, h, {}, FileMode::MissingAndStale).edits.size() == 1); // module only
}
