// Where the model is found without --model (model/model_location.h): the order, and what a
// missing model says.
#include "model/model_location.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

using namespace axl::model;

namespace {

// Sets (or unsets) $AXL_DOCS_MODEL for one test and restores it afterwards.
struct ScopedModelEnv {
  std::optional<std::string> saved;
  explicit ScopedModelEnv(const char* value) {
    if (const char* old = std::getenv(kModelEnvVar)) saved = old;
    if (value)
      setenv(kModelEnvVar, value, 1);
    else
      unsetenv(kModelEnvVar);
  }
  ~ScopedModelEnv() {
    if (saved)
      setenv(kModelEnvVar, saved->c_str(), 1);
    else
      unsetenv(kModelEnvVar);
  }
};

const std::string kShipped = std::string(AXL_SOURCE_DIR) + "/models/axl-docs-lion.gguf";

} // namespace

TEST_CASE(
    "a --model flag wins over AXL_DOCS_MODEL, and a missing one is not looked for elsewhere") {
  ScopedModelEnv env(kShipped.c_str());
  auto loc = locate_model("/nonexistent/m.gguf");
  CHECK(loc.path == "/nonexistent/m.gguf");
  CHECK(loc.origin == "--model");
  CHECK_FALSE(loc.found);
  CHECK(missing_model_message(loc) == "model file not found: /nonexistent/m.gguf");
  CHECK_THROWS_WITH(require_model("/nonexistent/m.gguf"),
                    "model file not found: /nonexistent/m.gguf");
}

TEST_CASE("AXL_DOCS_MODEL is used when --model is not given") {
  ScopedModelEnv env(kShipped.c_str());
  auto loc = locate_model();
  CHECK(loc.path == kShipped);
  CHECK(loc.origin == "AXL_DOCS_MODEL");
  CHECK(loc.found);
  CHECK(require_model("") == kShipped);
}

TEST_CASE("a missing AXL_DOCS_MODEL is an error that names the variable") {
  ScopedModelEnv env("/nonexistent/env.gguf");
  auto loc = locate_model();
  CHECK_FALSE(loc.found);
  const auto msg = missing_model_message(loc);
  CHECK(msg.find("/nonexistent/env.gguf") != std::string::npos);
  CHECK(msg.find("AXL_DOCS_MODEL") != std::string::npos);
}

TEST_CASE("without either, the installed place is tried first, then the source tree's models/") {
  ScopedModelEnv env(nullptr);
  auto loc = locate_model();
  REQUIRE(loc.looked_in.size() >= 2);
  // The test binary sits in build/tests/model/: ../share/axl-docs/ is looked in but absent.
  CHECK(loc.looked_in.front().ends_with("/share/axl-docs/axl-docs-lion.gguf"));
  REQUIRE(loc.found);
  CHECK(loc.origin == "source tree");
  CHECK(std::filesystem::equivalent(loc.path, kShipped));
}

TEST_CASE("no model anywhere: every place looked in is named, and init is not suggested") {
  ModelLocation none;
  none.looked_in = {"/p/share/axl-docs/axl-docs-lion.gguf", "models/axl-docs-lion.gguf"};
  const auto msg = missing_model_message(none);
  CHECK(msg.find("AXL_DOCS_MODEL") != std::string::npos);
  CHECK(msg.find("/p/share/axl-docs/axl-docs-lion.gguf, models/axl-docs-lion.gguf") !=
        std::string::npos);
  CHECK(msg.find("--model PATH") != std::string::npos);
  CHECK(msg.find("init") == std::string::npos);
}
