#include "docstring/option_json.h"
#include "docstring/options_table.h"
#include "docstring/style.h"

#include <catch2/catch.hpp>

using namespace axl::docstring;

TEST_CASE("option table: choices match their names and aliases in any case", "[options]") {
  const OptionSpec& style = style_option();
  CHECK(parse_choice(style, "numpy") == OptionInt{1});
  CHECK(parse_choice(style, "NumPyDoc") == OptionInt{1});
  CHECK(parse_choice(style, "reST") == OptionInt{2});
  CHECK(parse_choice(style, "RestructuredText") == OptionInt{2});
  CHECK_FALSE(parse_choice(style, "markdown"));
  CHECK_FALSE(parse_choice(style, "nump"));
  CHECK(parse_style("GOOGLE") == Style::Google);
  CHECK(parse_style("pep257") == Style::Pep257);
  const OptionSpec& quote = *find_render_option("quote");
  CHECK(parse_choice(quote, "single") == OptionInt{1});
  CHECK(parse_choice(quote, "Double") == OptionInt{0});
  CHECK(parse_choice(quote, "'''") == OptionInt{1});
}

TEST_CASE("option table: the style choices are the Style enum, in its order", "[options]") {
  for (Style s : {Style::Google, Style::Numpy, Style::Sphinx, Style::Epytext, Style::Pep257}) {
    CHECK(parse_style(style_name(s)) == s);
    CHECK(style_option().choices.at(static_cast<size_t>(s)).name == style_name(s));
  }
  CHECK(style_option().choices.size() == 5);
}

TEST_CASE("option table: values are read by type, never a string as a number", "[options]") {
  const OptionSpec& width = *find_render_option("width");
  CHECK(parse_option(width, OptionValue{int64_t{20}}) == OptionInt{20});
  CHECK(parse_option(width, OptionValue{int64_t{1000}}) == OptionInt{1000});
  CHECK_FALSE(parse_option(width, OptionValue{int64_t{19}}));
  CHECK_FALSE(parse_option(width, OptionValue{int64_t{0}}));
  CHECK_FALSE(parse_option(width, OptionValue{int64_t{1001}}));
  CHECK_FALSE(parse_option(width, OptionValue{std::string("72")}));
  CHECK_FALSE(parse_option(width, OptionValue{72.5}));
  CHECK_FALSE(parse_option(width, std::nullopt));
  CHECK(parse_option_word(width, "72") == OptionInt{72});
  CHECK_FALSE(parse_option_word(width, "72px"));
  CHECK_FALSE(parse_option_word(width, ""));
  const OptionSpec& types = *find_render_option("include-types");
  CHECK(parse_option(types, OptionValue{false}) == OptionInt{0});
  CHECK_FALSE(parse_option(types, OptionValue{int64_t{1}}));
  CHECK_FALSE(parse_option(types, OptionValue{std::string("true")}));
  CHECK(parse_option_word(types, "TRUE") == OptionInt{1});
  CHECK_FALSE(parse_option(style_option(), OptionValue{true}));
}

TEST_CASE("option table: one wording of what is accepted", "[options]") {
  CHECK(expected_values(*find_render_option("width")) == "an integer from 20 to 1000");
  CHECK(expected_values(style_option()) == "one of google, numpy, sphinx, epytext, pep257 (any "
                                           "case; also numpydoc, rest, restructuredtext)");
  CHECK(expected_values(*find_render_option("include-private")) == "true or false");
  CHECK(option_problem("--width", *find_render_option("width")) ==
        "--width must be an integer from 20 to 1000");
}

TEST_CASE("option table: defaults are RenderOptions' own, settings apply in order", "[options]") {
  RenderOptions defaults;
  CHECK(options_key(defaults) == options_key(RenderOptions{}));
  CHECK(option_text(style_option(), style_option().default_value()) == "google");
  CHECK(option_text(*find_render_option("width"), find_render_option("width")->default_value()) ==
        "88");
  RenderOptions o;
  const OptionSpec& width = *find_render_option("width");
  apply_options(o, {{&width, 60}, {&style_option(), 3}, {&width, 72}});
  CHECK(o.width == 72);
  CHECK(o.style == Style::Epytext);
  CHECK(options_key(o) != options_key(defaults));
  CHECK(sets_option({{&width, 60}}, "width"));
  CHECK_FALSE(sets_option({{&width, 60}}, "style"));
  for (const auto& spec : render_option_table()) { // set() and get() name the same field
    RenderOptions r;
    OptionInt other = spec.type == OptionType::Integer ? spec.min : 1 - spec.default_value();
    spec.set(r, other);
    CHECK(spec.get(r) == other);
  }
}

TEST_CASE("option table: the JSON dump has every option with its editor spelling", "[options]") {
  auto dump = option_table_json();
  REQUIRE(dump.size() == render_option_table().size());
  CHECK(dump[0]["key"] == "style");
  CHECK(dump[0]["choices"][1]["aliases"][0] == "numpydoc");
  CHECK(dump[1]["editorKey"] == "quoteStyle");
  CHECK(dump[1]["editorDefault"] == "double");
  CHECK(dump[2]["editorKey"] == "wrap");
  CHECK(dump[2]["minimum"] == 20);
  CHECK(dump[2]["maximum"] == 1000);
  CHECK(dump[2]["editorDefault"] == 88);
  CHECK(dump[3]["apiKey"] == "include_private");
  CHECK(dump[3]["editorDefault"] == false);
  CHECK(option_value(nlohmann::json::array()) == std::nullopt);
}
