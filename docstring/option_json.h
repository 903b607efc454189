// The option table (options_table.h) and JSON: values as the LSP settings and the HTTP API send
// them, and the dump of `axl-docs options --json` that the editor packages are checked against.
#pragma once

#include "docstring/options_table.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace axl::docstring {

// A JSON scalar as the option table reads it; nullopt for null, objects and arrays.
std::optional<OptionValue> option_value(const nlohmann::json& v);

// A set value as the editor settings spell it ("numpy", "double", 72, true).
nlohmann::json editor_json(const OptionSetting& setting);

// The whole table: [{key, editorKey, apiKey, type, choices: [{name, editorName, aliases, doc}],
// minimum, maximum, default, editorDefault, doc}], in table order.
nlohmann::json option_table_json();

} // namespace axl::docstring
