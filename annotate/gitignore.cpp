#include "annotate/gitignore.h"

#include <fnmatch.h>

#include <fstream>
#include <sstream>

namespace axl::annotate {
namespace fs = std::filesystem;

namespace {

fs::path normal_absolute(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  return (ec ? p : abs).lexically_normal();
}

bool glob(const std::string& pattern, const std::string& text, int flags) {
  return ::fnmatch(pattern.c_str(), text.c_str(), flags) == 0;
}

} // namespace

void GitIgnore::add_file_of(const fs::path& dir) {
  std::ifstream in(dir / ".gitignore", std::ios::binary);
  if (!in) return;
  std::stringstream text;
  text << in.rdbuf();
  add_patterns(dir, text.str());
}

void GitIgnore::add_patterns(const fs::path& base, std::string_view text) {
  fs::path abs_base = normal_absolute(base);
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    Rule r{abs_base, line};
    if (r.pattern[0] == '!') {
      r.negate = true;
      r.pattern.erase(0, 1);
    } else if (r.pattern[0] == '\\') {
      r.pattern.erase(0, 1); // "\#name", "\!name": a literal first character
    }
    if (!r.pattern.empty() && r.pattern.back() == '/') {
      r.directory_only = true;
      r.pattern.pop_back();
    }
    while (r.pattern.starts_with("**/")) r.pattern.erase(0, 3); // at any depth: a plain name
    r.anchored = r.pattern.find('/') != std::string::npos;
    if (r.pattern.starts_with("/")) r.pattern.erase(0, 1);
    if (!r.pattern.empty()) rules_.push_back(std::move(r));
  }
}

bool GitIgnore::ignored(const fs::path& path, bool is_directory) const {
  fs::path abs = normal_absolute(path);
  bool result = false;
  for (const auto& r : rules_) { // the last rule that matches decides
    if (r.directory_only && !is_directory) continue;
    fs::path rel = abs.lexically_relative(r.base);
    if (rel.empty() || *rel.begin() == "..") continue;
    bool hit;
    if (!r.anchored) {
      hit = glob(r.pattern, abs.filename().string(), 0);
    } else if (r.pattern.find("**") == std::string::npos) {
      hit = glob(r.pattern, rel.generic_string(), FNM_PATHNAME);
    } else {
      // "a/**/b" is a/b, a/x/b, a/x/y/b; "out/**" everything inside out/: without FNM_PATHNAME
      // a "*" also crosses "/".
      std::string collapsed;
      for (size_t i = 0; i < r.pattern.size();) {
        bool zero_dirs = r.pattern.compare(i, 4, "/**/") == 0;
        collapsed += zero_dirs ? '/' : r.pattern[i];
        i += zero_dirs ? 4 : 1;
      }
      hit = glob(r.pattern, rel.generic_string(), 0) || glob(collapsed, rel.generic_string(), 0);
    }
    if (hit) result = !r.negate;
  }
  return result;
}

} // namespace axl::annotate
