#include "annotate/file_walk.h"

#include "annotate/file_io.h"
#include "annotate/gitignore.h"

#include <fnmatch.h>

#include <algorithm>
#include <set>
#include <sys/stat.h>

namespace axl::annotate {
namespace fs = std::filesystem;

namespace {

bool is_virtual_environment(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "pyvenv.cfg", ec);
}

bool excluded(const fs::path& entry, const fs::path& root, const WalkOptions& options) {
  std::string name = entry.filename().string();
  std::string relative = entry.lexically_relative(root).generic_string();
  auto hit = [&](const std::string& pattern) {
    const std::string& text = pattern.find('/') == std::string::npos ? name : relative;
    return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
  };
  return std::any_of(options.exclude.begin(), options.exclude.end(), hit) ||
         std::any_of(options.extend_exclude.begin(), options.extend_exclude.end(), hit);
}

// The .gitignore files above `root`, up to the repository's top (the directory with .git); none
// when `root` is not in a git repository.
void add_gitignores_above(const fs::path& root, GitIgnore& gitignore) {
  std::error_code ec;
  fs::path dir = fs::absolute(root, ec).lexically_normal();
  if (ec) return;
  if (dir.filename().empty()) dir = dir.parent_path(); // "pkg/" and "." end in a separator
  if (fs::exists(dir / ".git", ec)) return;            // the top itself: nothing above counts
  std::vector<fs::path> above;
  for (fs::path d = dir; d != d.root_path();) {
    d = d.parent_path();
    above.push_back(d);
    if (fs::exists(d / ".git", ec)) {
      for (auto it = above.rbegin(); it != above.rend(); ++it) gitignore.add_file_of(*it);
      return;
    }
  }
}

} // namespace

std::vector<std::string> WalkOptions::default_excludes() {
  return {".*", "__pycache__", "node_modules", "site-packages", "venv", "__pypackages__"};
}

WalkResult collect_python_files(const std::vector<std::string>& paths, const WalkOptions& options) {
  return collect_python_files(paths, [&](const std::string&) { return options; });
}

WalkResult collect_python_files(const std::vector<std::string>& paths,
                                const std::function<WalkOptions(const std::string&)>& options_for) {
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
    WalkOptions options;
    try {
      options = options_for(arg);
    } catch (const std::exception& e) { // a bad pyproject.toml: the directory is not walked
      out.errors.push_back(e.what());
      continue;
    }
    GitIgnore gitignore;
    if (options.respect_gitignore) {
      add_gitignores_above(p, gitignore);
      gitignore.add_file_of(p);
    }
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
      bool directory = it->is_directory(ec);
      if (excluded(it->path(), p, options) ||
          (options.respect_gitignore && gitignore.ignored(it->path(), directory)) ||
          (directory && is_virtual_environment(it->path()))) {
        if (directory) it.disable_recursion_pending();
        continue;
      }
      if (directory) {
        if (options.respect_gitignore) gitignore.add_file_of(it->path());
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
