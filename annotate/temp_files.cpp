#include "annotate/temp_files.h"

#include <cerrno>
#include <regex>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace axl::annotate {
namespace fs = std::filesystem;

std::string temp_file_template(const fs::path& target) {
  std::string name = ".";
  name += target.filename().string();
  name += ".axl-";
  name += std::to_string(::getpid());
  name += "-XXXXXX";
  return (target.parent_path() / name).string();
}

std::vector<fs::path> remove_stale_temp_files(const fs::path& dir) {
  static const std::regex ours(R"(^\..+\.axl-([0-9]{1,9})-[A-Za-z0-9]{6}$)");
  std::vector<fs::path> removed;
  std::error_code ec;
  fs::directory_iterator it(dir.empty() ? fs::path(".") : dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::smatch m;
    if (!std::regex_match(name, m, ours)) continue;
    pid_t pid = static_cast<pid_t>(std::stol(m[1].str()));
    if (pid <= 0 || pid == ::getpid()) continue;
    // ESRCH: no such process. EPERM means it lives (under another user): leave it.
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid())
      continue;
    if (::unlink(it->path().c_str()) == 0) removed.push_back(it->path());
  }
  return removed;
}

} // namespace axl::annotate
