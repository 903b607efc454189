// The .gitignore rules the `annotate` directory walk honours: git's pattern syntax, the common
// subset (names at any depth, paths anchored to the .gitignore's directory, a trailing "/" for
// directories only, "!" to re-include, "*", "?", "[...]" and "**"). Not read: .git/info/exclude
// and the global excludes file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace axl::annotate {

class GitIgnore {
public:
  // Reads `dir/.gitignore`; nothing when there is none.
  void add_file_of(const std::filesystem::path& dir);
  // The patterns of a .gitignore in `base` (later patterns win over earlier ones).
  void add_patterns(const std::filesystem::path& base, std::string_view text);
  // Is `path` ignored by the rules of its directory and the directories above it?
  bool ignored(const std::filesystem::path& path, bool is_directory) const;

private:
  struct Rule {
    std::filesystem::path base; // absolute, normalised: the rule applies below it
    std::string pattern;        // fnmatch(3) pattern
    bool negate = false;        // "!pattern"
    bool directory_only = false;
    bool anchored = false; // has a "/": matched against the path relative to base
  };
  std::vector<Rule> rules_;
};

} // namespace axl::annotate
