// Server settings (section `axl-docs`). Sources, lowest first: built-in defaults, the file's
// pyproject.toml [tool.axl-docs], initializationOptions, workspace/didChangeConfiguration or a
// workspace/configuration pull. Keys may be camelCase, snake_case or kebab-case.
#pragma once

#include "json_rpc.h"

#include <optional>
#include <string>
#include <vector>

namespace axl::lsp {

struct Settings {
  std::string style = "google"; // google | numpy | sphinx | epytext | pep257
  std::string quote = "\"\"\"";
  bool include_types = true;
  bool summary_on_new_line = false;
  int wrap = 88;
  bool include_private = false;
  bool diagnostics_enabled = true;
  int diagnostics_severity = 3; // LSP DiagnosticSeverity; "information" by default
  std::string model_path;
  int max_tokens = 48;
  double temperature = 0.0;
};

// Overlays the keys present in `object` onto `settings`; a key with a bad value is skipped and
// described in `problems` (the rest still applies).
void apply_settings(Settings& settings, const json& object, std::vector<std::string>& problems);

// Deep-merges `overlay` into `base` (objects merge, everything else replaces).
void merge_json(json& base, const json& overlay);

// The `[tool.axl-docs]` table of the nearest pyproject.toml at or above `path`, as a settings
// object (null when there is none). Errors are reported in `problems`.
json load_project_settings(const std::string& path, std::vector<std::string>& problems);

// "file:///a/b%20c/x.py" -> "/a/b c/x.py"; nullopt for other schemes.
std::optional<std::string> file_path_from_uri(const std::string& uri);

} // namespace axl::lsp
