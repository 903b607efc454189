#include "docstring/project_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace axl::docstring {
namespace {

[[noreturn]] void bad_value(const std::filesystem::path& origin, std::string_view key,
                            std::string_view want) {
  throw std::runtime_error(origin.string() + ": [tool.axl-docs] " + std::string(key) + " must be " +
                           std::string(want));
}

template <typename T>
std::optional<T> get(const toml::table& t, std::string_view key,
                     const std::filesystem::path& origin, std::string_view want) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  auto v = n->value<T>();
  if (!v || (std::is_same_v<T, bool> && !n->is_boolean())) bad_value(origin, key, want);
  return v;
}

// Accepts both spellings users write in TOML: include-private and include_private.
const toml::node* lookup(const toml::table& t, std::string_view dashed) {
  if (auto* n = t.get(dashed)) return n;
  std::string under(dashed);
  for (auto& c : under)
    if (c == '-') c = '_';
  return t.get(under);
}

// A scalar as the option table reads it; nullopt for tables, arrays, dates.
std::optional<OptionValue> option_value(const toml::node& n) {
  if (auto v = n.as_string()) return OptionValue{v->get()};
  if (auto v = n.as_integer()) return OptionValue{v->get()};
  if (auto v = n.as_floating_point()) return OptionValue{v->get()};
  if (auto v = n.as_boolean()) return OptionValue{v->get()};
  return std::nullopt;
}

std::optional<std::vector<std::string>> get_strings(const toml::table& t, std::string_view key,
                                                    const std::filesystem::path& origin) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  const toml::array* a = n->as_array();
  if (!a) bad_value(origin, key, "a list of strings");
  std::vector<std::string> out;
  for (const auto& item : *a) {
    auto v = item.value<std::string>();
    if (!v || !item.is_string()) bad_value(origin, key, "a list of strings");
    out.push_back(*v);
  }
  return out;
}

std::string dashed(std::string_view key) {
  std::string out(key);
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

} // namespace

const std::vector<std::string>& project_config_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const auto& spec : render_option_table()) out.emplace_back(spec.key);
    for (const char* key :
         {"select", "ignore", "exclude", "extend-exclude", "respect-gitignore", "include-modules"})
      out.emplace_back(key);
    return out;
  }();
  return keys;
}

ProjectConfig parse_project_config(const std::string& toml_text,
                                   const std::filesystem::path& origin) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, origin.string());
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << origin.string() << ":" << e.source().begin.line << ": invalid TOML: " << e.description();
    throw std::runtime_error(msg.str());
  }
  ProjectConfig cfg;
  cfg.source = origin;
  const toml::table* tool = doc["tool"]["axl-docs"].as_table();
  if (!tool) return cfg;
  // Normalise key spelling once, then read typed values.
  toml::table t;
  const auto& keys = project_config_keys();
  for (const auto& key : keys)
    if (const toml::node* n = lookup(*tool, key)) t.insert(key, *n);
  std::vector<std::pair<toml::source_index, std::string>> unknown; // a table is sorted by key
  for (const auto& [key, value] : *tool)
    if (std::find(keys.begin(), keys.end(), dashed(key.str())) == keys.end())
      unknown.emplace_back(value.source().begin.line, key.str());
  std::sort(unknown.begin(), unknown.end());
  for (auto& [line, key] : unknown) cfg.unknown_keys.push_back(std::move(key));

  for (const auto& spec : render_option_table())
    if (const toml::node* n = t.get(spec.key)) {
      auto value = parse_option(spec, option_value(*n));
      if (!value) bad_value(origin, spec.key, expected_values(spec));
      cfg.render.push_back({&spec, *value});
    }
  cfg.select = get_strings(t, "select", origin);
  cfg.ignore = get_strings(t, "ignore", origin);
  cfg.exclude = get_strings(t, "exclude", origin);
  cfg.extend_exclude = get_strings(t, "extend-exclude", origin);
  cfg.respect_gitignore = get<bool>(t, "respect-gitignore", origin, "true or false");
  cfg.include_modules = get<bool>(t, "include-modules", origin, "true or false");
  return cfg;
}

ProjectConfig find_project_config(const std::filesystem::path& start) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(start, ec);
  if (ec) return {};
  if (!std::filesystem::is_directory(dir, ec)) dir = dir.parent_path();
  for (; !dir.empty(); dir = dir.parent_path()) {
    std::filesystem::path candidate = dir / "pyproject.toml";
    if (std::filesystem::is_regular_file(candidate, ec)) {
      std::ifstream in(candidate, std::ios::binary);
      if (!in) throw std::runtime_error(candidate.string() + ": cannot read");
      std::stringstream ss;
      ss << in.rdbuf();
      return parse_project_config(ss.str(), candidate);
    }
    if (dir == dir.root_path()) break;
  }
  return {};
}

} // namespace axl::docstring
