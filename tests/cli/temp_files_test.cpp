#include "annotate/temp_files.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

using namespace axl::annotate;
namespace fs = std::filesystem;

namespace {

// The id of a process that has exited (and been reaped): as a killed annotate run leaves it.
pid_t dead_pid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  REQUIRE(pid > 0);
  REQUIRE(::waitpid(pid, nullptr, 0) == pid);
  return pid;
}

} // namespace

TEST_CASE("temporary files are hidden, next to their target, and carry the writer's pid") {
  auto t = temp_file_template("/src/pkg/mod.py");
  CHECK(t == "/src/pkg/.mod.py.axl-" + std::to_string(::getpid()) + "-XXXXXX");
  CHECK(temp_file_template("mod.py") == ".mod.py.axl-" + std::to_string(::getpid()) + "-XXXXXX");
}

TEST_CASE("stale temporary files of dead runs are removed, nothing else is") {
  axl::test::TempDir dir;
  std::string dead = std::to_string(dead_pid());
  auto stale = dir.write(".mod.py.axl-" + dead + "-a1B2c3", "half-written");
  std::vector<fs::path> kept = {
      dir.write(".mod.py.axl-" + std::to_string(::getpid()) + "-a1B2c3", "ours, running"),
      dir.write(".mod.py.axl-1-a1B2c3", "pid 1 is alive"),
      dir.write(".mod.py.axl-x1B2c3", "an older naming: cannot tell whose"),
      dir.write(".mod.py.axl-" + dead + "-a1B2c3.bak", "not our name"),
      dir.write("mod.py.axl-" + dead + "-a1B2c3", "not hidden: not ours"),
      dir.write("mod.py", "x = 1\n"),
  };
  fs::create_directory(dir.path / (".pkg.axl-" + dead + "-a1B2c3"));
  kept.push_back(dir.path / (".pkg.axl-" + dead + "-a1B2c3"));
  fs::create_symlink(dir.path / "mod.py", dir.path / (".lnk.py.axl-" + dead + "-a1B2c3"));
  kept.push_back(dir.path / (".lnk.py.axl-" + dead + "-a1B2c3"));

  auto removed = remove_stale_temp_files(dir.path);
  CHECK(removed == std::vector<fs::path>{stale});
  CHECK_FALSE(fs::exists(stale));
  for (const auto& k : kept) CHECK(fs::exists(fs::symlink_status(k)));
  CHECK(remove_stale_temp_files(dir.path / "missing").empty());
}
