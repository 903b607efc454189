// Which files `annotate PATH...` touches: named files as given, directories searched for *.py.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace axl::annotate {

// What a directory walk leaves out. A pattern without "/" matches the name of a file or directory
// at any depth; one with "/" the path relative to the directory walked (fnmatch(3) globs).
struct WalkOptions {
  std::vector<std::string> exclude = default_excludes(); // --exclude replaces these
  std::vector<std::string> extend_exclude;               // --extend-exclude adds to them
  bool respect_gitignore = true;                         // .gitignore files (gitignore.h)

  static std::vector<std::string> default_excludes();
};

struct WalkResult {
  std::vector<std::filesystem::path> files; // de-duplicated, in argument order, directories sorted
  std::vector<std::string> errors;          // "<path>: no such file or directory", ...
};

// Directories are searched recursively for *.py, skipping what `options` excludes (by default
// hidden entries, __pycache__, node_modules, site-packages: a formatter must not rewrite installed
// code by accident), what .gitignore files ignore, and virtual environments (a pyvenv.cfg), always.
// Files named explicitly are always included, unless they are not regular files (a FIFO, socket or
// device: an error, never opened).
WalkResult collect_python_files(const std::vector<std::string>& paths,
                                const WalkOptions& options = {});
// The same, with each path argument's own options (its project's pyproject.toml).
WalkResult collect_python_files(const std::vector<std::string>& paths,
                                const std::function<WalkOptions(const std::string&)>& options_for);

} // namespace axl::annotate
