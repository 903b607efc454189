#include "annotate/file_walk.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace axl::annotate;

TEST_CASE("directories give their *.py files sorted, minus hidden, caches and environments") {
  axl::test::TempDir dir;
  dir.write("pkg/b.py", "");
  dir.write("pkg/a.py", "");
  dir.write("pkg/sub/c.py", "");
  dir.write("pkg/readme.txt", "");
  dir.write("pkg/.hidden/h.py", "");
  dir.write("pkg/__pycache__/p.py", "");
  dir.write("pkg/env/pyvenv.cfg", "");
  dir.write("pkg/env/lib.py", "");
  auto explicit_txt = dir.write("script", "");
  auto r =
      collect_python_files({(dir.path / "pkg").string(), explicit_txt.string(),
                            (dir.path / "pkg" / "a.py").string(), (dir.path / "nope").string()});
  std::vector<std::string> names;
  for (auto& f : r.files) names.push_back(std::filesystem::relative(f, dir.path).string());
  CHECK(names == std::vector<std::string>{"pkg/a.py", "pkg/b.py", "pkg/sub/c.py", "script"});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].find("nope: no such file or directory") != std::string::npos);
}

TEST_CASE("a FIFO named on the command line is an error, never opened") {
  axl::test::TempDir dir;
  auto fifo = dir.path / "pipe.py";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto r = collect_python_files({fifo.string()});
  CHECK(r.files.empty());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == fifo.string() + ": a FIFO, not a regular file: not read");
}
