// Server settings (section `axl-docs`). Sources, lowest first: built-in defaults, the file's
// pyproject.toml [tool.axl-docs], initializationOptions, workspace/didChangeConfiguration or a
// workspace/configuration pull. Each source is applied over the ones before it, so a key it does
// not mention keeps the earlier value. Keys may be camelCase, snake_case or kebab-case, nested
// (`diagnostics: {severity}`) or flattened (`diagnostics.severity`, `diagnosticsSeverity`).
#pragma once

#include "json_rpc.h"

#include "docstring/options.h"

#include <optional>
#include <string>
#include <vector>

namespace axl::lsp {

struct Settings {
  // style, quoteStyle, wrap, includeTypes, summaryOnNewLine, includePrivate: the option table's
  // (docstring/options_table.h), read by its parse functions as the CLI, pyproject.toml and the
  // HTTP API read them.
  docstring::RenderOptions render;
  // Diagnostics are published when enabled and the severity is not "off". The two are independent
  // keys, so the order in which they are given (or in which sources set them) does not matter.
  bool diagnostics_enabled = true;
  int diagnostics_severity = 3; // LSP DiagnosticSeverity 1-4 ("information" by default); 0: off
  std::string model_path;
  int max_tokens = 99; // the longest answer (96 bytes) + its terminator
  double temperature = 0.0;

  bool publishes_diagnostics() const { return diagnostics_enabled && diagnostics_severity > 0; }
};

// Overlays the keys present in `object` onto `settings`; a key with a bad value is skipped and
// described in `problems` (the rest still applies). The result does not depend on key order.
void apply_settings(Settings& settings, const json& object, std::vector<std::string>& problems);

// Deep-merges `overlay` into `base` (objects merge, everything else replaces).
void merge_json(json& base, const json& overlay);

// The `[tool.axl-docs]` table of the nearest pyproject.toml at or above `path`, as a settings
// object (null when there is none). Errors are reported in `problems`.
json load_project_settings(const std::string& path, std::vector<std::string>& problems);

// "file:///a/b%20c/x.py" -> "/a/b c/x.py"; nullopt for other schemes.
std::optional<std::string> file_path_from_uri(const std::string& uri);

} // namespace axl::lsp
