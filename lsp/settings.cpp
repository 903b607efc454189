#include "settings.h"

#include "docstring/option_json.h"
#include "docstring/project_config.h"

#include <algorithm>
#include <cctype>

namespace axl::lsp {
namespace {

std::string normalize_key(const std::string& key) {
  std::string out;
  for (char c : key)
    if (c != '-' && c != '_' && c != '.')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int severity_from(const json& v) {
  if (v.is_number_integer()) {
    int s = v.get<int>();
    return s >= 1 && s <= 4 ? s : -1;
  }
  if (!v.is_string()) return -1;
  std::string s = normalize_key(v.get<std::string>());
  if (s == "error") return 1;
  if (s == "warning") return 2;
  if (s == "information" || s == "info") return 3;
  if (s == "hint") return 4;
  if (s == "off" || s == "none") return 0;
  return -1;
}

// The option table's entry whose editor key, alias or pyproject key normalizes to `key`.
const docstring::OptionSpec* table_option(const std::string& key) {
  for (const auto& spec : docstring::render_option_table()) {
    if (normalize_key(std::string(spec.editor_key)) == key ||
        normalize_key(std::string(spec.key)) == key)
      return &spec;
    for (auto alias : spec.editor_aliases)
      if (normalize_key(std::string(alias)) == key) return &spec;
  }
  return nullptr;
}

// One setting, already flattened: `key` is normalized ("diagnosticsseverity"), `raw_key` is what
// the client wrote ("diagnostics.severity"), for messages.
void apply_one(Settings& s, const std::string& key, const std::string& raw_key, const json& v,
               std::vector<std::string>& problems) {
  auto bad = [&](const char* expected) {
    problems.push_back("setting '" + raw_key + "' must be " + expected + "; ignored");
  };
  if (const docstring::OptionSpec* spec = table_option(key)) {
    if (auto value = docstring::parse_option(*spec, docstring::option_value(v)))
      spec->set(s.render, *value);
    else
      problems.push_back(docstring::option_problem("setting '" + raw_key + "'", *spec) +
                         "; ignored");
  } else if (key == "diagnostics" || key == "diagnosticsenable" || key == "diagnosticsenabled") {
    if (v.is_boolean())
      s.diagnostics_enabled = v.get<bool>();
    else
      bad(key == "diagnostics" ? "a boolean or an object" : "a boolean");
  } else if (key == "diagnosticsseverity" || key == "severity") {
    // "off" is a severity of its own rather than a switch of `enabled`: the two keys stay
    // independent, so neither their order nor the source that set each one matters.
    int sev = severity_from(v);
    if (sev < 0)
      bad("error, warning, information, hint or off");
    else
      s.diagnostics_severity = sev;
  } else if (key == "modelpath" || key == "model") {
    if (v.is_string())
      s.model_path = v.get<std::string>();
    else
      bad("a string");
  } else if (key == "maxtokens") {
    if (v.is_number_integer() && v.get<int64_t>() > 0 && v.get<int64_t>() <= 4096)
      s.max_tokens = v.get<int>();
    else
      bad("an integer from 1 to 4096");
  } else if (key == "temperature") {
    if (v.is_number() && v.get<double>() >= 0 && v.get<double>() <= 5)
      s.temperature = v.get<double>();
    else
      bad("a number from 0 to 5");
  }
  // Unknown keys are ignored: settings objects are shared with other tools and extensions.
}

// Nested objects become flattened keys: {"diagnostics": {"severity": x}} is "diagnosticsseverity",
// the same key as "diagnostics.severity", "diagnosticsSeverity" or "diagnostics_severity".
void flatten(const json& object, const std::string& key_prefix, const std::string& raw_prefix,
             std::vector<std::pair<std::string, std::pair<std::string, const json*>>>& out) {
  for (auto& [raw_key, v] : object.items()) {
    std::string key = key_prefix + normalize_key(raw_key);
    std::string raw = raw_prefix.empty() ? raw_key : raw_prefix + "." + raw_key;
    if (v.is_object())
      flatten(v, key, raw, out);
    else
      out.push_back({key, {raw, &v}});
  }
}

} // namespace

void apply_settings(Settings& s, const json& object, std::vector<std::string>& problems) {
  if (!object.is_object()) {
    if (!object.is_null()) problems.push_back("settings must be an object");
    return;
  }
  std::vector<std::pair<std::string, std::pair<std::string, const json*>>> flat;
  flatten(object, "", "", flat);
  for (auto& [key, raw_and_value] : flat)
    apply_one(s, key, raw_and_value.first, *raw_and_value.second, problems);
}

void merge_json(json& base, const json& overlay) {
  if (!base.is_object() || !overlay.is_object()) {
    base = overlay;
    return;
  }
  for (auto& [k, v] : overlay.items()) {
    if (base.contains(k) && base[k].is_object() && v.is_object())
      merge_json(base[k], v);
    else
      base[k] = v;
  }
}

json load_project_settings(const std::string& path, std::vector<std::string>& problems) {
  try {
    docstring::ProjectConfig config = docstring::find_project_config(path);
    json j = json::object();
    for (const auto& set : config.render) j[std::string(set.spec->editor_key)] = editor_json(set);
    return j.empty() ? json(nullptr) : j;
  } catch (const std::exception& e) {
    problems.push_back(e.what());
    return nullptr;
  }
}

std::optional<std::string> file_path_from_uri(const std::string& uri) {
  static constexpr std::string_view kScheme = "file://";
  if (uri.compare(0, kScheme.size(), kScheme) != 0) return std::nullopt;
  std::string rest = uri.substr(kScheme.size());
  size_t slash = rest.find('/'); // skip an authority ("file://host/path")
  if (slash == std::string::npos) return std::nullopt;
  rest = rest.substr(slash);
  std::string out;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() &&
        std::isxdigit(static_cast<unsigned char>(rest[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(rest[i + 2]))) {
      out += static_cast<char>(std::stoi(rest.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += rest[i];
    }
  }
  return out;
}

} // namespace axl::lsp
