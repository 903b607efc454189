#include "docstring/project_config.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

using namespace axl::docstring;

TEST_CASE("pyproject [tool.axl-docs]: both key spellings, quote aliases") {
  auto c =
      parse_project_config("[tool.axl-docs]\nstyle = \"numpy\"\nquote = \"single\"\nwidth = 72\n"
                           "include_private = true\nsummary-on-new-line = true\n",
                           "pyproject.toml");
  RenderOptions o;
  apply_options(o, c.render);
  CHECK(o.style == Style::Numpy);
  CHECK(o.quote == "'''");
  CHECK(o.width == 72);
  CHECK(o.include_private == true);
  CHECK(o.summary_on_new_line == true);
  CHECK_FALSE(sets_option(c.render, "include-types"));
  auto none = parse_project_config("[tool.black]\nline-length = 100\n", "p.toml");
  CHECK(none.render.empty());
}

TEST_CASE("pyproject errors name the file and the key") {
  CHECK_THROWS_WITH(parse_project_config("[tool.axl-docs\n", "p.toml"),
                    Catch::StartsWith("p.toml:1: invalid TOML"));
  CHECK_THROWS_WITH(parse_project_config("[tool.axl-docs]\nstyle = \"fancy\"\n", "p.toml"),
                    Catch::Contains("style must be one of"));
  CHECK_THROWS_WITH(parse_project_config("[tool.axl-docs]\nwidth = 5\n", "p.toml"),
                    Catch::Contains("width must be an integer from 20 to 1000"));
  CHECK_THROWS_WITH(parse_project_config("[tool.axl-docs]\ninclude-types = 1\n", "p.toml"),
                    Catch::Contains("include-types must be true or false"));
}

TEST_CASE("the nearest pyproject.toml above a file is used") {
  axl::test::TempDir dir;
  dir.write("pyproject.toml", "[tool.axl-docs]\nstyle = \"sphinx\"\n");
  dir.write("sub/pyproject.toml", "[tool.axl-docs]\nstyle = \"epytext\"\n");
  auto f = dir.write("sub/deeper/x.py", "");
  auto cfg = find_project_config(f);
  CHECK(cfg.render.at(0).spec->key == "style");
  CHECK(cfg.render.at(0).value == static_cast<OptionInt>(Style::Epytext));
  CHECK(cfg.source == dir.path / "sub" / "pyproject.toml");
  CHECK(find_project_config(dir.write("other/y.py", "")).render.at(0).value ==
        static_cast<OptionInt>(Style::Sphinx));
}

TEST_CASE("pyproject: rule selection and exclusion lists") {
  auto c = parse_project_config("[tool.axl-docs]\nselect = [\"D1\", \"DOC\"]\nignore = [\"D107\"]\n"
                                "exclude = [\"gen\"]\nextend_exclude = [\"migrations\"]\n"
                                "respect-gitignore = false\ninclude-modules = true\n",
                                "p.toml");
  CHECK(c.select == std::vector<std::string>{"D1", "DOC"});
  CHECK(c.ignore == std::vector<std::string>{"D107"});
  CHECK(c.exclude == std::vector<std::string>{"gen"});
  CHECK(c.extend_exclude == std::vector<std::string>{"migrations"});
  CHECK(c.respect_gitignore == false);
  CHECK(c.include_modules == true);
  CHECK(c.unknown_keys.empty());
  CHECK_THROWS_WITH(parse_project_config("[tool.axl-docs]\nselect = \"D1\"\n", "p.toml"),
                    Catch::Contains("select must be a list of strings"));
  CHECK_THROWS_WITH(parse_project_config("[tool.axl-docs]\nignore = [\"D1\", 3]\n", "p.toml"),
                    Catch::Contains("ignore must be a list of strings"));
}

TEST_CASE("pyproject: unknown keys are kept for a warning, in file order") {
  auto c =
      parse_project_config("[tool.axl-docs]\nstlye = \"numpy\"\nline-length = 100\n", "p.toml");
  CHECK(c.unknown_keys == std::vector<std::string>{"stlye", "line-length"});
  CHECK(c.render.empty());
  const auto& keys = project_config_keys();
  CHECK(std::find(keys.begin(), keys.end(), "extend-exclude") != keys.end());
}
