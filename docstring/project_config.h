// `[tool.axl-docs]` of the nearest pyproject.toml: a project's defaults for the CLI and the LSP.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace axl::docstring {

// Every field is optional: unset means "not configured", so callers layer
// built-in defaults < pyproject.toml < editor settings / command-line flags.
struct ProjectConfig {
  std::optional<std::string> style; // "google", "numpy", "sphinx", "epytext", "pep257"
  std::optional<std::string> quote; // "\"\"\"" or "'''" (also accepted: "double", "single")
  std::optional<int> width;         // wrap width
  std::optional<bool> include_private;
  std::optional<bool> include_types;
  std::optional<bool> summary_on_new_line;
  std::filesystem::path source; // the pyproject.toml it came from ("" when none)
};

// Parses the text of a pyproject.toml. Throws std::runtime_error with a clear message (file, line)
// on invalid TOML or a value of the wrong type / out of range.
ProjectConfig parse_project_config(const std::string& toml_text,
                                   const std::filesystem::path& origin);

// Walks up from `start` (a file or directory) to the nearest pyproject.toml and parses it.
// Returns an empty config when there is none.
ProjectConfig find_project_config(const std::filesystem::path& start);

} // namespace axl::docstring
