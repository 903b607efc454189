#include "annotate/unified_diff.h"

#include <catch2/catch.hpp>

using axl::annotate::unified_diff;

TEST_CASE("unified diff: headers, hunk ranges, context, missing final newline") {
  CHECK(unified_diff("same\n", "same\n", "a.py", "a.py").empty());
  std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n";
  std::string after = "1\n2\n3\n4\nnew\n5\n6\n7\n8\n";
  // dtl keeps one more line of trailing context than GNU diff; the ranges count it, so patch(1)
  // applies it all the same (the e2e test applies a real diff with patch).
  CHECK(unified_diff(before, after, "x.py", "x.py") ==
        "--- a/x.py\n+++ b/x.py\n@@ -2,7 +2,8 @@\n 2\n 3\n 4\n+new\n 5\n 6\n 7\n 8\n");
  CHECK(unified_diff("a", "b", "f", "f") ==
        "--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n"
        "\\ No newline at end of file\n");
}
