#include "training/allowlist.h"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <set>
#include <string>

using namespace axl::training;

TEST_CASE("the compiled-in allowlist is training/allowlist.txt: 224 unique packages") {
  auto names = corpus_allowlist();
  CHECK(names.size() == 224);
  CHECK(std::set<std::string_view>(names.begin(), names.end()).size() == names.size());
  CHECK(names.front() == "libpython3.11-stdlib");
  CHECK(in_allowlist("python3-numpy"));
  CHECK(in_allowlist("python3-torch"));
  for (auto n : names) {
    INFO(n);
    CHECK(n.find_first_of(" \t#") == std::string_view::npos);
  }
  // Reserved for held-out evaluation: well-known packages that are not on the list.
  CHECK_FALSE(in_allowlist("python3-requests"));
  CHECK_FALSE(in_allowlist("python3-distro"));
  CHECK_FALSE(in_allowlist(""));
}

TEST_CASE("scripts/install-corpus installs exactly the compiled-in allowlist") {
  std::string cmd = "'" AXL_SOURCE_DIR "/scripts/install-corpus' --list";
  REQUIRE(std::string(AXL_SOURCE_DIR).find('\'') == std::string::npos);
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe);
  std::vector<std::string> script_names;
  std::array<char, 256> buf{};
  while (fgets(buf.data(), buf.size(), pipe)) {
    std::string line = buf.data();
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    script_names.push_back(line);
  }
  REQUIRE(pclose(pipe) == 0);
  auto names = corpus_allowlist();
  REQUIRE(script_names.size() == names.size());
  for (size_t i = 0; i < names.size(); ++i) CHECK(script_names[i] == names[i]);
}
