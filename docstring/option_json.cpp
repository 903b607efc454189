#include "docstring/option_json.h"

namespace axl::docstring {

using nlohmann::json;

std::optional<OptionValue> option_value(const json& v) {
  if (v.is_string()) return OptionValue{v.get<std::string>()};
  if (v.is_boolean()) return OptionValue{v.get<bool>()};
  if (v.is_number_integer()) return OptionValue{v.get<int64_t>()};
  if (v.is_number_float()) return OptionValue{v.get<double>()};
  return std::nullopt;
}

json editor_json(const OptionSetting& setting) {
  const OptionSpec& spec = *setting.spec;
  switch (spec.type) {
  case OptionType::Choice:
    return std::string(spec.choices.at(static_cast<size_t>(setting.value)).editor_name);
  case OptionType::Integer:
    return setting.value;
  case OptionType::Boolean:
    return setting.value != 0;
  }
  return nullptr;
}

json option_table_json() {
  static constexpr const char* kTypes[] = {"choice", "integer", "boolean"};
  json out = json::array();
  for (const auto& spec : render_option_table()) {
    json o = {{"key", spec.key},
              {"editorKey", spec.editor_key},
              {"editorAliases", spec.editor_aliases},
              {"apiKey", spec.api_key()},
              {"type", kTypes[static_cast<int>(spec.type)]},
              {"doc", spec.doc},
              {"expected", expected_values(spec)},
              {"default", option_text(spec, spec.default_value())},
              {"editorDefault", editor_json({&spec, spec.default_value()})}};
    if (spec.type == OptionType::Boolean) o["cliOff"] = spec.cli_off;
    if (spec.type == OptionType::Integer) {
      o["minimum"] = spec.min;
      o["maximum"] = spec.max;
    }
    if (spec.type == OptionType::Choice) {
      json choices = json::array();
      for (const auto& c : spec.choices)
        choices.push_back({{"name", c.name},
                           {"editorName", c.editor_name},
                           {"aliases", c.aliases},
                           {"doc", c.doc}});
      o["choices"] = std::move(choices);
    }
    out.push_back(std::move(o));
  }
  return out;
}

} // namespace axl::docstring
