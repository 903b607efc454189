// How `annotate --check` prints its findings: text (path:line:col: CODE message), one JSON array
// for the whole run (a stable schema, README "Output formats"), or GitHub Actions annotations.
#pragma once

#include "annotate/annotate_source.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace axl::annotate {

enum class OutputFormat { Text, Json, Github };

// "text", "json", "github"; nullopt for anything else.
std::optional<OutputFormat> parse_output_format(std::string_view name);

struct FileFinding {
  std::string path; // as named on the command line or found by the walk; "-" for stdin
  Finding finding;
};

std::string format_findings(const std::vector<FileFinding>& findings, OutputFormat format);

} // namespace axl::annotate
