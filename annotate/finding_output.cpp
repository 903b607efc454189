#include "annotate/finding_output.h"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

namespace axl::annotate {
namespace {

// GitHub workflow commands: the message escapes '%', CR and LF; properties also ':' and ','.
std::string github_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

} // namespace

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  if (name == "text") return OutputFormat::Text;
  if (name == "json") return OutputFormat::Json;
  if (name == "github") return OutputFormat::Github;
  return std::nullopt;
}

std::string format_findings(const std::vector<FileFinding>& findings, OutputFormat format) {
  std::string out;
  if (format == OutputFormat::Json) {
    // One object per line: diffable, and still one JSON document.
    for (const auto& [path, f] : findings) {
      nlohmann::ordered_json o = {{"path", path},
                                  {"line", f.line},
                                  {"column", f.column},
                                  {"code", f.code},
                                  {"message", f.message}};
      out += (out.empty() ? "  " : ",\n  ") + o.dump();
    }
    return out.empty() ? "[]\n" : "[\n" + out + "\n]\n";
  }
  for (const auto& [path, f] : findings) {
    if (format == OutputFormat::Github)
      out += fmt::format("::error title=axl-docs ({}),file={},line={},col={}::{} {}\n",
                         github_escape(f.code, true), github_escape(path, true), f.line, f.column,
                         f.code, github_escape(f.message, false));
    else
      out += fmt::format("{}:{}:{}: {} {}\n", path, f.line, f.column, f.code, f.message);
  }
  return out;
}

} // namespace axl::annotate
