// Where the model file comes from when a command needs one (README "Where the model is found"):
// --model, then $AXL_DOCS_MODEL, then next to an installed binary, then the source tree's models/.
#pragma once

#include <string>
#include <vector>

namespace axl::model {

inline constexpr const char* kModelFileName = "axl-docs-lion.gguf";
inline constexpr const char* kModelEnvVar = "AXL_DOCS_MODEL";

struct ModelLocation {
  std::string path;   // the file to load; for --model / $AXL_DOCS_MODEL even when it is missing
  std::string origin; // "--model", "AXL_DOCS_MODEL", "installed", "source tree"; "" when none found
  bool found = false; // path is a regular file
  std::vector<std::string> looked_in; // every place tried, in order, for the error message
};

// `flag` is --model's value ("" when not given). An explicit --model or $AXL_DOCS_MODEL is used
// as given (a missing one is an error, not a reason to look elsewhere); otherwise the first of
// <exe dir>/../share/axl-docs/axl-docs-lion.gguf, ./models/axl-docs-lion.gguf and
// models/axl-docs-lion.gguf in each directory above the executable that exists.
ModelLocation locate_model(const std::string& flag = "");

// Why no model could be used: the missing file and where it came from, or every place looked in,
// and how to point at one. Never suggests `axl-docs init` (random weights are no fix).
std::string missing_model_message(const ModelLocation& where);

// locate_model(flag).path, or throws std::runtime_error(missing_model_message(...)).
std::string require_model(const std::string& flag);

// "/usr/share/axl-docs/axl-docs-lion.gguf (installed)" or "none found (looked in ...)": what
// `axl-docs --version` says.
std::string describe_model_choice();

} // namespace axl::model
