#include "docstring/options_table.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace axl::docstring {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::vector<OptionSpec> make_table() {
  std::vector<OptionSpec> t;
  // Choice order is the Style enum's order (parse_style casts the index).
  t.push_back(
      {"style",
       "style",
       {},
       "",
       OptionType::Choice,
       {{"google", "google", {}, "Google style: Args:, Returns:, Raises: sections."},
        {"numpy", "numpy", {"numpydoc"}, "NumPy style: underlined Parameters / Returns sections."},
        {"sphinx",
         "sphinx",
         {"rest", "restructuredtext"},
         "Sphinx reST fields: :param x:, :type x:, :returns:."},
        {"epytext", "epytext", {}, "Epytext fields: @param x:, @type x:, @return:."},
        {"pep257", "pep257", {}, "PEP 257: summary line and prose only."}},
       0,
       0,
       "Docstring style",
       [](RenderOptions& o, OptionInt v) { o.style = static_cast<Style>(v); },
       [](const RenderOptions& o) { return static_cast<OptionInt>(o.style); }});
  t.push_back({"quote",
               "quoteStyle",
               {"quote"},
               "",
               OptionType::Choice,
               {{"\"\"\"", "double", {}, "\"\"\"triple double quotes\"\"\" (PEP 257)."},
                {"'''", "single", {}, "'''triple single quotes'''."}},
               0,
               0,
               "Quote",
               [](RenderOptions& o, OptionInt v) { o.quote = v == 0 ? "\"\"\"" : "'''"; },
               [](const RenderOptions& o) { return OptionInt{o.quote == "'''"}; }});
  t.push_back({"width",
               "wrap",
               {"width", "wrapWidth"},
               "",
               OptionType::Integer,
               {},
               20,
               1000,
               "Wrap prose at this column",
               [](RenderOptions& o, OptionInt v) { o.width = static_cast<int>(v); },
               [](const RenderOptions& o) { return OptionInt{o.width}; }});
  t.push_back({"include-private",
               "includePrivate",
               {},
               "--no-include-private",
               OptionType::Boolean,
               {},
               0,
               0,
               "Also document _private definitions",
               [](RenderOptions& o, OptionInt v) { o.include_private = v != 0; },
               [](const RenderOptions& o) { return OptionInt{o.include_private}; }});
  t.push_back({"include-types",
               "includeTypes",
               {"types"},
               "--no-include-types",
               OptionType::Boolean,
               {},
               0,
               0,
               "Write types from annotations into the docstring",
               [](RenderOptions& o, OptionInt v) { o.include_types = v != 0; },
               [](const RenderOptions& o) { return OptionInt{o.include_types}; }});
  t.push_back({"summary-on-new-line",
               "summaryOnNewLine",
               {},
               "--summary-on-first-line",
               OptionType::Boolean,
               {},
               0,
               0,
               "Put the summary on the line after the opening quotes",
               [](RenderOptions& o, OptionInt v) { o.summary_on_new_line = v != 0; },
               [](const RenderOptions& o) { return OptionInt{o.summary_on_new_line}; }});
  return t;
}

// A command-line word as an integer: optional sign and digits, nothing else.
std::optional<int64_t> integer_word(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<bool> boolean_word(std::string_view s) {
  if (iequals(s, "true")) return true;
  if (iequals(s, "false")) return false;
  return std::nullopt;
}

std::string joined(const std::vector<std::string_view>& words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

} // namespace

std::string OptionSpec::api_key() const {
  std::string out(key);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

const std::vector<OptionSpec>& render_option_table() {
  static const std::vector<OptionSpec> table = make_table();
  return table;
}

const OptionSpec* find_render_option(std::string_view key) {
  for (const auto& spec : render_option_table())
    if (spec.key == key) return &spec;
  return nullptr;
}

const OptionSpec& style_option() {
  return *find_render_option("style");
}

std::optional<OptionInt> parse_choice(const OptionSpec& spec, std::string_view text) {
  for (size_t i = 0; i < spec.choices.size(); ++i) {
    const auto& c = spec.choices[i];
    bool match = iequals(text, c.name) || iequals(text, c.editor_name) ||
                 std::any_of(c.aliases.begin(), c.aliases.end(),
                             [&](std::string_view a) { return iequals(text, a); });
    if (match) return static_cast<OptionInt>(i);
  }
  return std::nullopt;
}

std::optional<OptionInt> parse_option(const OptionSpec& spec,
                                      const std::optional<OptionValue>& given) {
  if (!given) return std::nullopt;
  const OptionValue& value = *given;
  switch (spec.type) {
  case OptionType::Choice: {
    const auto* word = std::get_if<std::string>(&value);
    if (!word) return std::nullopt;
    return parse_choice(spec, *word);
  }
  case OptionType::Integer: {
    const auto* v = std::get_if<int64_t>(&value);
    if (!v || *v < spec.min || *v > spec.max) return std::nullopt;
    return *v;
  }
  case OptionType::Boolean: {
    const auto* v = std::get_if<bool>(&value);
    if (!v) return std::nullopt;
    return OptionInt{*v};
  }
  }
  return std::nullopt;
}

std::optional<OptionInt> parse_option_word(const OptionSpec& spec, std::string_view word) {
  switch (spec.type) {
  case OptionType::Choice:
    return parse_choice(spec, word);
  case OptionType::Integer:
    if (auto v = integer_word(word)) return parse_option(spec, OptionValue{*v});
    return std::nullopt;
  case OptionType::Boolean:
    if (auto v = boolean_word(word)) return parse_option(spec, OptionValue{*v});
    return std::nullopt;
  }
  return std::nullopt;
}

std::string expected_values(const OptionSpec& spec) {
  switch (spec.type) {
  case OptionType::Choice: {
    std::vector<std::string_view> names, others;
    for (const auto& c : spec.choices) {
      names.push_back(c.name);
      if (c.editor_name != c.name) others.push_back(c.editor_name);
      others.insert(others.end(), c.aliases.begin(), c.aliases.end());
    }
    std::string out = "one of " + joined(names) + " (any case";
    return out + (others.empty() ? "" : "; also " + joined(others)) + ")";
  }
  case OptionType::Integer:
    return "an integer from " + std::to_string(spec.min) + " to " + std::to_string(spec.max);
  case OptionType::Boolean:
    return "true or false";
  }
  return {};
}

std::string option_problem(std::string_view where, const OptionSpec& spec) {
  return std::string(where) + " must be " + expected_values(spec);
}

std::string option_text(const OptionSpec& spec, OptionInt value) {
  switch (spec.type) {
  case OptionType::Choice:
    return std::string(spec.choices.at(static_cast<size_t>(value)).name);
  case OptionType::Integer:
    return std::to_string(value);
  case OptionType::Boolean:
    return value ? "true" : "false";
  }
  return {};
}

void apply_options(RenderOptions& opts, const OptionSettings& settings) {
  for (const auto& s : settings) s.spec->set(opts, s.value);
}

bool sets_option(const OptionSettings& settings, std::string_view key) {
  return std::any_of(settings.begin(), settings.end(),
                     [&](const OptionSetting& s) { return s.spec->key == key; });
}

std::string options_key(const RenderOptions& opts) {
  std::string out;
  for (const auto& spec : render_option_table()) out += std::to_string(spec.get(opts)) + ' ';
  return out;
}

} // namespace axl::docstring
