#include "annotate/gitignore.h"

#include <catch2/catch.hpp>

using axl::annotate::GitIgnore;
namespace fs = std::filesystem;

TEST_CASE("gitignore patterns: names anywhere, anchored paths, directories only, negation") {
  GitIgnore g;
  g.add_patterns("/repo", "# build outputs\n"
                          "build/\n"
                          "*.gen.py\n"
                          "/top.py\n"
                          "docs/conf.py\n"
                          "**/fixtures\n"
                          "out/**\n"
                          "\n"
                          "*.log\n"
                          "!keep.gen.py\n");
  CHECK(g.ignored("/repo/build", true));
  CHECK(g.ignored("/repo/src/build", true));
  CHECK_FALSE(g.ignored("/repo/build", false)); // "build/" is a directory only
  CHECK(g.ignored("/repo/src/x.gen.py", false));
  CHECK_FALSE(g.ignored("/repo/src/keep.gen.py", false)); // the later "!" wins
  CHECK(g.ignored("/repo/top.py", false));
  CHECK_FALSE(g.ignored("/repo/src/top.py", false)); // anchored to /repo
  CHECK(g.ignored("/repo/docs/conf.py", false));
  CHECK_FALSE(g.ignored("/repo/src/docs/conf.py", false));
  CHECK(g.ignored("/repo/a/b/fixtures", true));
  CHECK(g.ignored("/repo/out/deep/x.py", false));
  CHECK_FALSE(g.ignored("/elsewhere/build", true)); // rules apply below their own directory
  CHECK_FALSE(g.ignored("/repo/main.py", false));
}

TEST_CASE("a deeper .gitignore is read from its directory and wins over its parent's") {
  GitIgnore g;
  g.add_patterns("/repo", "*.py\n");
  g.add_patterns("/repo/pkg", "!*.py\n");
  CHECK(g.ignored("/repo/a.py", false));
  CHECK_FALSE(g.ignored("/repo/pkg/a.py", false));
}
