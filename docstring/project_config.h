// `[tool.axl-docs]` of the nearest pyproject.toml: a project's defaults for the CLI and the LSP.
#pragma once

#include "docstring/options_table.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace axl::docstring {

// Every field is optional: unset means "not configured", so callers layer
// built-in defaults < pyproject.toml < editor settings / command-line flags.
struct ProjectConfig {
  OptionSettings render; // the option table's keys (options_table.h) that the file sets
  // annotate: rule codes or prefixes (annotate/rule_selection.h) and walk exclusions
  // (annotate/file_walk.h); checked by annotate, which knows the codes.
  std::optional<std::vector<std::string>> select, ignore, exclude, extend_exclude;
  std::optional<bool> respect_gitignore, include_modules;
  std::filesystem::path source;          // the pyproject.toml it came from ("" when none)
  std::vector<std::string> unknown_keys; // in [tool.axl-docs], as written: for a warning
};

// The keys [tool.axl-docs] knows, dashed ("include-private"; "include_private" is accepted too):
// the option table's, then annotate's.
const std::vector<std::string>& project_config_keys();

// Parses the text of a pyproject.toml. Throws std::runtime_error with a clear message (file, line)
// on invalid TOML or a value of the wrong type / out of range.
ProjectConfig parse_project_config(const std::string& toml_text,
                                   const std::filesystem::path& origin);

// Walks up from `start` (a file or directory) to the nearest pyproject.toml and parses it.
// Returns an empty config when there is none.
ProjectConfig find_project_config(const std::filesystem::path& start);

} // namespace axl::docstring
