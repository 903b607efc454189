#include "lsp/settings.h"

#include "docstring/style.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace axl::lsp;
using axl::docstring::Style;

TEST_CASE("settings: keys in any case style, bad values reported and skipped", "[lsp][settings]") {
  Settings s;
  std::vector<std::string> problems;
  apply_settings(s,
                 json{{"style", "numpy"},
                      {"include_private", true},
                      {"summary-on-new-line", true},
                      {"wrap", "wide"},
                      {"diagnostics", {{"severity", "warning"}}},
                      {"maxTokens", 64},
                      {"temperature", 0.5},
                      {"somethingElse", 1}},
                 problems);
  CHECK(s.render.style == Style::Numpy);
  CHECK(s.render.include_private);
  CHECK(s.render.summary_on_new_line);
  CHECK(s.render.width == 88);
  CHECK(s.diagnostics_severity == 2);
  CHECK(s.max_tokens == 64);
  CHECK(s.temperature == 0.5);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::Contains("wrap"));

  apply_settings(s, json{{"diagnosticsSeverity", "off"}}, problems);
  CHECK_FALSE(s.publishes_diagnostics());
  apply_settings(s, json{{"style", "markdown"}}, problems);
  CHECK(s.render.style == Style::Numpy);
}

TEST_CASE("settings: pyproject.toml [tool.axl-docs] of the file's project", "[lsp][settings]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("axl_lsp_settings_" + std::to_string(::getpid()));
  fs::create_directories(dir / "pkg");
  std::ofstream(dir / "pyproject.toml") << "[tool.axl-docs]\nstyle = \"sphinx\"\nwidth = 72\n";
  std::vector<std::string> problems;
  json project = load_project_settings((dir / "pkg" / "m.py").string(), problems);
  Settings s;
  apply_settings(s, project, problems);
  CHECK(problems.empty());
  CHECK(s.render.style == Style::Sphinx);
  CHECK(s.render.width == 72);
  fs::remove_all(dir);
}

TEST_CASE("settings: file URIs to paths", "[lsp][settings]") {
  CHECK(file_path_from_uri("file:///a/b%20c/x.py") == "/a/b c/x.py");
  CHECK(file_path_from_uri("file://host/a.py") == "/a.py");
  CHECK_FALSE(file_path_from_uri("untitled:1"));
}

TEST_CASE("settings: merge_json merges objects deeply", "[lsp][settings]") {
  json a = {{"x", 1}, {"d", {{"a", 1}}}};
  merge_json(a, json{{"d", {{"b", 2}}}, {"y", 2}});
  CHECK(a == json{{"x", 1}, {"y", 2}, {"d", {{"a", 1}, {"b", 2}}}});
}

TEST_CASE("settings: diagnostics keys nested or flattened, in any order", "[lsp][settings]") {
  // Each object turns diagnostics off; the severity key sorts after "enabled" in every one, and
  // applying it must not switch diagnostics back on.
  const json off[] = {
      json::parse(R"({"diagnostics": {"enabled": false, "severity": "information"}})"),
      json::parse(R"({"diagnostics.enabled": false, "diagnostics.severity": "hint"})"),
      json::parse(R"({"diagnosticsEnabled": false, "diagnosticsSeverity": "warning"})"),
      json::parse(R"({"diagnostics_enabled": false, "diagnostics": {"severity": "error"}})"),
      json::parse(R"({"diagnostics": false, "diagnostics.severity": "warning"})"),
      json::parse(R"({"diagnostics": {"severity": "off", "enabled": true}})"),
  };
  for (const json& o : off) {
    Settings s;
    std::vector<std::string> problems;
    apply_settings(s, o, problems);
    INFO(o.dump());
    CHECK(problems.empty());
    CHECK_FALSE(s.publishes_diagnostics());
  }
  Settings s;
  std::vector<std::string> problems;
  apply_settings(s, json::parse(R"({"diagnostics.severity": "warning"})"), problems);
  CHECK(s.publishes_diagnostics());
  CHECK(s.diagnostics_severity == 2);
  // A later source that sets only the severity keeps an earlier "enabled: false".
  apply_settings(s, json{{"diagnostics", false}}, problems);
  apply_settings(s, json{{"diagnostics", {{"severity", "hint"}}}}, problems);
  CHECK_FALSE(s.publishes_diagnostics());
  apply_settings(s, json{{"diagnostics", {{"enabled", true}}}}, problems);
  CHECK(s.publishes_diagnostics());
  CHECK(s.diagnostics_severity == 4);
  // Nested bad values are named by their dotted path.
  apply_settings(s, json{{"diagnostics", {{"severity", "loud"}}}}, problems);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Catch::Contains("'diagnostics.severity'"));
  CHECK(s.diagnostics_severity == 4);
}

TEST_CASE("settings: the option table's spellings, aliases and range", "[lsp][settings]") {
  Settings s;
  std::vector<std::string> problems;
  apply_settings(s, json{{"style", "NumPyDoc"}, {"quoteStyle", "single"}, {"wrap", 1000}},
                 problems);
  CHECK(problems.empty());
  CHECK(s.render.style == Style::Numpy);
  CHECK(s.render.quote == "'''");
  CHECK(s.render.width == 1000);
  apply_settings(s, json{{"style", "reST"}, {"quote", "\"\"\""}, {"width", 60}}, problems);
  CHECK(problems.empty());
  CHECK(s.render.style == Style::Sphinx);
  CHECK(s.render.quote == "\"\"\"");
  CHECK(s.render.width == 60);
  apply_settings(s, json{{"wrap", 0}}, problems);
  apply_settings(s, json{{"wrap", 10000}}, problems);
  CHECK(s.render.width == 60);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] == "setting 'wrap' must be an integer from 20 to 1000; ignored");
}
