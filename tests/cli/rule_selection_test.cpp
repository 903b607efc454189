#include "annotate/rule_selection.h"

#include <catch2/catch.hpp>

using namespace axl::annotate;

namespace {
RuleSelection rules(std::vector<std::string> select, std::vector<std::string> ignore = {},
                    bool include_modules = false) {
  RuleSelection r;
  r.select = std::move(select);
  r.ignore = std::move(ignore);
  r.include_modules = include_modules;
  return r;
}
} // namespace

TEST_CASE("select and ignore take codes and prefixes, like ruff") {
  RuleSelection all;
  CHECK(all.selected("D103"));
  CHECK(all.selected("DOC101"));
  // Module docstrings only when asked for: --include-modules, or a selection that names them.
  CHECK_FALSE(all.selected("D100"));
  CHECK_FALSE(all.selected("D104"));
  RuleSelection modules = rules({}, {}, true);
  CHECK(modules.selected("D100"));
  CHECK(modules.selected("D104"));

  RuleSelection only_d1 = rules({"D1"});
  CHECK(only_d1.selected("D103"));
  CHECK(only_d1.selected("D100"));
  CHECK_FALSE(only_d1.selected("DOC101"));

  RuleSelection no_init = rules({}, {"D107", "DOC5"});
  CHECK_FALSE(no_init.selected("D107"));
  CHECK_FALSE(no_init.selected("DOC501"));
  CHECK(no_init.selected("D103"));
  CHECK(no_init.selected("DOC101"));

  // "D" is the pydocstyle family D1xx only, not the DOC codes; "ALL" is every code.
  RuleSelection d = rules({"D"});
  CHECK(d.selected("D105"));
  CHECK_FALSE(d.selected("DOC201"));
  RuleSelection every = rules({"ALL"}, {"D100"});
  CHECK(every.selected("DOC201"));
  CHECK_FALSE(every.selected("D100"));
}

TEST_CASE("a code is known when it names at least one rule") {
  CHECK(is_known_code("D103"));
  CHECK(is_known_code("DOC"));
  CHECK(is_known_code("ALL"));
  CHECK(is_known_code("d103")); // case does not matter
  CHECK_FALSE(is_known_code("D109"));
  CHECK_FALSE(is_known_code("E501"));
}

TEST_CASE("# noqa on a line suppresses every code or the listed ones") {
  CHECK_FALSE(suppressed_by_noqa("def f(x):", "D103"));
  CHECK(suppressed_by_noqa("def f(x):  # noqa", "D103"));
  CHECK(suppressed_by_noqa("def f(x):  # NOQA", "DOC101"));
  CHECK(suppressed_by_noqa("def f(x):  # noqa: D103", "D103"));
  CHECK_FALSE(suppressed_by_noqa("def f(x):  # noqa: D103", "D102"));
  CHECK(suppressed_by_noqa("def f(x):  # noqa:D102,D103", "D103"));
  CHECK(suppressed_by_noqa("def f(x):  # noqa: D102, D103 why", "D103"));
  CHECK(suppressed_by_noqa("def f(x):  # type: ignore  # noqa: E501,D103", "D103"));
  CHECK_FALSE(suppressed_by_noqa("def f(x):  # noqa: E501", "D103"));
  CHECK_FALSE(suppressed_by_noqa("def noqa(x):", "D103")); // a name, not a comment
}
