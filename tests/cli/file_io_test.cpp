#include "annotate/file_io.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <functional>
#include <sys/stat.h>
#include <unistd.h>

using namespace axl::annotate;
namespace fs = std::filesystem;

namespace {

size_t entries(const fs::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

ino_t inode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_ino;
}

} // namespace

TEST_CASE("writes keep permissions and symlinks, and leave nothing behind") {
  axl::test::TempDir dir;
  auto target = dir.write("real.py", "old\n");
  ::chmod(target.c_str(), 0750);
  auto link = dir.path / "link.py";
  fs::create_symlink(target, link);
  write_if_unchanged(link, read_snapshot(link), "new\n");
  CHECK(fs::is_symlink(link));
  CHECK(read_file(target) == "new\n");
  CHECK(mode_of(target) == 0750);
  CHECK(entries(dir.path) == 2);
}

TEST_CASE("a file that changed after it was read is left as it is now") {
  axl::test::TempDir dir;
  auto path = dir.write("m.py", "x = 1\n");
  auto append = [&] { std::ofstream(path, std::ios::app) << "y = 2\n"; };
  auto truncate = [&] { std::ofstream(path, std::ios::trunc); };
  auto replace = [&] { // an editor's atomic save: same bytes, another inode
    auto tmp = dir.write("m.py.swp", "x = 1\n");
    fs::rename(tmp, path);
  };
  auto same_size_same_mtime = [&] { // only the bytes tell
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    std::ofstream(path, std::ios::binary) << "x = 9\n";
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
  };
  for (auto& [what, edit] : std::vector<std::pair<std::string, std::function<void()>>>{
           {"append", append},
           {"truncate", truncate},
           {"replace", replace},
           {"same size and mtime", same_size_same_mtime}}) {
    SECTION(what) {
      auto before = read_snapshot(path);
      edit();
      std::string now = read_file(path);
      CHECK_THROWS_WITH(write_if_unchanged(path, before, "\"\"\"Doc.\"\"\"\nx = 1\n"),
                        Catch::Contains("changed since it was read"));
      CHECK(read_file(path) == now);
      CHECK(entries(dir.path) == 1);
    }
  }
}

TEST_CASE("setuid and setgid bits survive a write") {
  axl::test::TempDir dir;
  auto path = dir.write("tool.py", "x = 1\n");
  REQUIRE(::chmod(path.c_str(), 06755) == 0);
  REQUIRE(mode_of(path) == 06755);
  write_if_unchanged(path, read_snapshot(path), "y = 2\n");
  CHECK(read_file(path) == "y = 2\n");
  CHECK(mode_of(path) == 06755);
}

TEST_CASE("a file with several hard links is written in place: every name sees the change") {
  axl::test::TempDir dir;
  auto path = dir.write("a.py", "x = 1\n");
  auto other = dir.path / "b.py";
  fs::create_hard_link(path, other);
  ino_t inode = inode_of(path);
  write_if_unchanged(path, read_snapshot(path), "x = 1\ny = 2\n");
  CHECK(read_file(path) == "x = 1\ny = 2\n");
  CHECK(read_file(other) == "x = 1\ny = 2\n");
  CHECK(inode_of(path) == inode);
  CHECK(entries(dir.path) == 2);
  // Shorter content truncates: no stale tail.
  write_if_unchanged(other, read_snapshot(other), "z\n");
  CHECK(read_file(path) == "z\n");
}

TEST_CASE("a read-only file is not rewritten, even by root: Permission denied") {
  axl::test::TempDir dir;
  auto path = dir.write("ro.py", "x = 1\n");
  REQUIRE(::chmod(path.c_str(), 0444) == 0);
  CHECK_THROWS_WITH(write_if_unchanged(path, read_snapshot(path), "y = 2\n"),
                    Catch::Contains("ro.py") && Catch::Contains("Permission denied"));
  CHECK(read_file(path) == "x = 1\n");
  CHECK(mode_of(path) == 0444);
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("a FIFO is refused at once, without waiting for a writer") {
  axl::test::TempDir dir;
  auto fifo = dir.path / "pipe.py";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH(read_snapshot(fifo), Catch::Contains("a FIFO, not a regular file"));
}

TEST_CASE("I/O errors are clear messages") {
  axl::test::TempDir dir;
  CHECK_THROWS_WITH(read_file(dir.path / "nope.py"), Catch::Contains("no such file or directory"));
  CHECK_THROWS_WITH(read_file(dir.path), Catch::Contains("is a directory"));
  CHECK_THROWS_WITH(write_if_unchanged(dir.path / "missing" / "x.py", FileSnapshot{}, "x"),
                    Catch::Contains("cannot stat"));
}
