// The options of how a docstring is rendered (RenderOptions), written down once: name in each front
// end, type, range or choices with their aliases, default and help. The CLI (`annotate`),
// pyproject.toml [tool.axl-docs], the LSP settings and the HTTP API all parse, validate and
// describe them from this table, with one parse function per kind and one wording of what is
// accepted; `axl-docs options --json` dumps it, and a test checks the editor packages' setting
// lists against that dump.
//
// Accepted spellings, the same everywhere: a choice matches its name or any alias in any case
// ("NumPy", "numpydoc", "reST", "double"); an integer must be within [min, max] (width: 20-1000).
#pragma once

#include "docstring/options.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace axl::docstring {

enum class OptionType { Choice, Integer, Boolean };

struct OptionChoice {
  std::string_view name;                 // canonical: the CLI, pyproject.toml and the API show it
  std::string_view editor_name;          // what the editor settings show ("double" for `"""`)
  std::vector<std::string_view> aliases; // also accepted (besides editor_name), in any case
  std::string_view doc;                  // one line, for the editors' enum descriptions
};

// A parsed value: a choice's index, an integer, or 0/1 for a boolean.
using OptionInt = int64_t;

struct OptionSpec {
  std::string_view key;        // pyproject.toml key and CLI flag: "include-private" (--include-...)
  std::string_view editor_key; // LSP settings and editor packages: "includePrivate"
  std::vector<std::string_view> editor_aliases; // other LSP spellings ("width" for "wrap")
  std::string_view cli_off;                     // Boolean: the flag that sets false
  OptionType type;
  std::vector<OptionChoice> choices; // Choice
  OptionInt min = 0, max = 0;        // Integer
  std::string_view doc;              // the CLI's help line
  void (*set)(RenderOptions&, OptionInt);
  OptionInt (*get)(const RenderOptions&);

  OptionInt default_value() const { return get(RenderOptions{}); }
  // "include_private": the HTTP API's field.
  std::string api_key() const;
};

// In the order the CLI's --help lists them.
const std::vector<OptionSpec>& render_option_table();
// By `key` ("width"); nullptr when there is none.
const OptionSpec* find_render_option(std::string_view key);
// The style option (its choices are the Style enum's names, in its order).
const OptionSpec& style_option();

// A value as a front end read it: a JSON or TOML scalar (nullopt: another type, an array...).
using OptionValue = std::variant<bool, int64_t, double, std::string>;

// The one parse function of each kind (a choice from a string, an integer within [min, max], a
// boolean); nullopt when the value is not accepted. A string is never read as a number or boolean.
std::optional<OptionInt> parse_choice(const OptionSpec& spec, std::string_view text);
std::optional<OptionInt> parse_option(const OptionSpec& spec,
                                      const std::optional<OptionValue>& value);
// A command-line word, read as the option's type ("72", "true") and then as parse_option does.
std::optional<OptionInt> parse_option_word(const OptionSpec& spec, std::string_view word);

// The one wording of what `spec` accepts: "one of google, numpy, sphinx, epytext, pep257 (any case;
// also numpydoc, rest, restructuredtext)", "an integer from 20 to 1000", "true or false".
std::string expected_values(const OptionSpec& spec);
// "<where> must be <expected_values>": every front end's error for a bad value.
std::string option_problem(std::string_view where, const OptionSpec& spec);

// The canonical spelling of a parsed value ("numpy", "\"\"\"", "72", "true").
std::string option_text(const OptionSpec& spec, OptionInt value);

// Options one source set (validated), applied over the earlier sources in order.
struct OptionSetting {
  const OptionSpec* spec;
  OptionInt value;
};
using OptionSettings = std::vector<OptionSetting>;
void apply_options(RenderOptions& opts, const OptionSettings& settings);
// Whether `settings` sets the option `key`.
bool sets_option(const OptionSettings& settings, std::string_view key);

// Every table option's value, for a cache key: equal keys, equal table options.
std::string options_key(const RenderOptions& opts);

} // namespace axl::docstring
