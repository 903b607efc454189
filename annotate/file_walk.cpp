#include "annotate/file_walk.h"

#include "annotate/file_io.h"

#include <algorithm>
#include <set>
#include <sys/stat.h>

namespace axl::annotate {
namespace fs = std::filesystem;

namespace {

bool skipped_directory(const fs::path& dir) {
  std::string name = dir.filename().string();
  if (name.size() > 1 && name[0] == '.') return true;
  static const std::set<std::string> skip = {"__pycache__", "node_modules", "site-packages", "venv",
                                             "__pypackages__"};
  if (skip.contains(name)) return true;
  std::error_code ec;
  return fs::exists(dir / "pyvenv.cfg", ec); // any virtual environment
}

} // namespace

WalkResult collect_python_files(const std::vector<std::string>& paths) {
  WalkResult out;
  std::set<fs::path> seen;
  auto add = [&](const fs::path& p) {
    std::error_code ec;
    fs::path key = fs::weakly_canonical(p, ec);
    if (ec) key = p;
    if (seen.insert(key).second) out.files.push_back(p);
  };
  for (const auto& arg : paths) {
    fs::path p(arg);
    std::error_code ec;
    auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      out.errors.push_back(arg + ": no such file or directory");
      continue;
    }
    if (!fs::is_directory(st)) {
      // A FIFO would block the read forever, a device could be endless: never open them.
      struct stat raw {};
      if (::stat(arg.c_str(), &raw) == 0 && !S_ISREG(raw.st_mode))
        out.errors.push_back(arg + ": " + file_kind(raw.st_mode) +
                             ", not a regular file: not read");
      else
        add(p);
      continue;
    }
    std::vector<fs::path> found;
    fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      out.errors.push_back(arg + ": cannot read directory: " + ec.message());
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        out.errors.push_back(it->path().string() + ": " + ec.message());
        break;
      }
      if (it->is_directory(ec)) {
        if (skipped_directory(it->path())) it.disable_recursion_pending();
        continue;
      }
      if (it->path().extension() == ".py" && it->is_regular_file(ec)) found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    for (const auto& f : found) add(f);
  }
  return out;
}

} // namespace axl::annotate
