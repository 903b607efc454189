// Which files `annotate PATH...` touches: named files as given, directories searched for *.py.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace axl::annotate {

struct WalkResult {
  std::vector<std::filesystem::path> files; // de-duplicated, in argument order, directories sorted
  std::vector<std::string> errors;          // "<path>: no such file or directory", ...
};

// Directories are searched recursively for *.py, skipping hidden directories, __pycache__,
// node_modules, virtual environments and site-packages (a formatter must not rewrite installed
// code by accident). Files named explicitly are always included, unless they are not regular files
// (a FIFO, socket or device: an error, never opened).
WalkResult collect_python_files(const std::vector<std::string>& paths);

} // namespace axl::annotate
