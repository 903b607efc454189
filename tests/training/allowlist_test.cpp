#include "training/allowlist.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace axl::training;

TEST_CASE("the allowlist matches DESIGN.md's 27 packages and scripts/install-corpus") {
  CHECK(corpus_allowlist().size() == 27);
  CHECK(in_allowlist("python3-numpy"));
  CHECK(in_allowlist("libpython3.11-stdlib"));
  CHECK_FALSE(in_allowlist("python3-requests"));
  std::ifstream in(AXL_SOURCE_DIR "/scripts/install-corpus");
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  std::string script = text.str();
  auto begin = script.find("CORPUS_PACKAGES=(");
  REQUIRE(begin != std::string::npos);
  std::istringstream list(script.substr(begin + 17, script.find(')', begin) - begin - 17));
  std::vector<std::string> names;
  for (std::string w; list >> w;) names.push_back(w);
  REQUIRE(names.size() == corpus_allowlist().size());
  for (size_t i = 0; i < names.size(); ++i) CHECK(names[i] == corpus_allowlist()[i]);
}
