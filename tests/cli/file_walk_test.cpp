#include "annotate/file_walk.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace axl::annotate;

namespace {
std::vector<std::string> relative_names(const WalkResult& r, const std::filesystem::path& root) {
  std::vector<std::string> names;
  for (auto& f : r.files) names.push_back(std::filesystem::relative(f, root).string());
  return names;
}
} // namespace

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
  CHECK(relative_names(r, dir.path) ==
        std::vector<std::string>{"pkg/a.py", "pkg/b.py", "pkg/sub/c.py", "script"});
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

TEST_CASE("an --exclude flag replaces the default exclusions, --extend-exclude adds to them") {
  axl::test::TempDir dir;
  dir.write("pkg/a.py", "");
  dir.write("pkg/migrations/0001.py", "");
  dir.write("pkg/gen/api_pb2.py", "");
  dir.write("pkg/__pycache__/p.py", "");
  auto root = (dir.path / "pkg").string();

  WalkOptions extend;
  extend.extend_exclude = {"migrations", "*_pb2.py"};
  CHECK(relative_names(collect_python_files({root}, extend), dir.path) ==
        std::vector<std::string>{"pkg/a.py"});

  WalkOptions replace;
  replace.exclude = {"gen/*"}; // a "/": relative to the directory walked
  CHECK(relative_names(collect_python_files({root}, replace), dir.path) ==
        std::vector<std::string>{"pkg/__pycache__/p.py", "pkg/a.py", "pkg/migrations/0001.py"});
}

TEST_CASE("the walk honours .gitignore files, above the walked directory too") {
  axl::test::TempDir dir;
  dir.write(".git/HEAD", "");
  dir.write(".gitignore", "build/\n*_generated.py\n");
  dir.write("src/.gitignore", "scratch.py\n");
  dir.write("src/a.py", "");
  dir.write("src/scratch.py", "");
  dir.write("src/x_generated.py", "");
  dir.write("src/build/lib/copied.py", "");
  dir.write("build/lib/copied.py", "");
  auto explicit_file = (dir.path / "src" / "scratch.py").string();
  CHECK(relative_names(collect_python_files({(dir.path / "src").string()}), dir.path) ==
        std::vector<std::string>{"src/a.py"});
  CHECK(relative_names(collect_python_files({dir.path.string()}), dir.path) ==
        std::vector<std::string>{"src/a.py"});
  CHECK(relative_names(collect_python_files({explicit_file}), dir.path) ==
        std::vector<std::string>{"src/scratch.py"}); // named explicitly: always processed

  WalkOptions no_git;
  no_git.respect_gitignore = false;
  CHECK(relative_names(collect_python_files({(dir.path / "src").string()}, no_git), dir.path) ==
        std::vector<std::string>{"src/a.py", "src/build/lib/copied.py", "src/scratch.py",
                                 "src/x_generated.py"});
}
