// The LSP binder: one registration gives a method its typed params, its handler and its part of
// the initialize result's capabilities; and the capabilities the server answers, pinned whole.
#include "server_harness.h"

#include "lsp/binder.h"
#include "lsp/protocol.h"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace axl::lsp;

namespace {

struct Recorder {
  std::vector<std::string> calls;
  void on_position(const json& id, const TextDocumentPositionParams& p) {
    calls.push_back(id.dump() + " " + p.uri + " " + std::to_string(p.position.line));
  }
  void on_uri(const std::string& uri) { calls.push_back("note " + uri); }
};

// A feature-style handler: a free function given its target first.
void on_command(Recorder& r, const json& id, const json& params) {
  r.calls.push_back(id.dump() + " " + params["command"].get<std::string>());
}

const json kPositionParams = {{"textDocument", {{"uri", "file:///a.py"}}},
                              {"position", {{"line", 3}, {"character", 1}}}};

} // namespace

TEST_CASE("binder: a request gets its parsed params; capabilities merge key by key",
          "[lsp][binder]") {
  Binder b;
  Recorder r;
  b.request("x/position", parse_position_params, r, &Recorder::on_position,
            {{"xProvider", {{"kinds", {"a", "b", "c"}}}}});
  b.notification("x/note", parse_text_document_uri, r, &Recorder::on_uri,
                 {{"xProvider", {{"resolveProvider", true}}}});
  REQUIRE(b.find_request("x/position"));
  REQUIRE(b.find_notification("x/note"));
  CHECK_FALSE(b.find_request("x/note"));
  CHECK_FALSE(b.find_notification("x/position"));
  CHECK_FALSE(b.find_request("workspace/executeCommand")); // no command bound
  (*b.find_request("x/position"))(7, kPositionParams);
  (*b.find_notification("x/note"))(kPositionParams);
  CHECK(r.calls == std::vector<std::string>{"7 file:///a.py 3", "note file:///a.py"});
  CHECK(b.capabilities() ==
        json{{"xProvider", {{"kinds", {"a", "b", "c"}}, {"resolveProvider", true}}}});
}

TEST_CASE("binder: params of the wrong shape are -32602 and the handler never runs",
          "[lsp][binder]") {
  Binder b;
  Recorder r;
  b.request("x/position", parse_position_params, r, &Recorder::on_position);
  json bad = kPositionParams;
  bad["position"]["line"] = "three";
  try {
    (*b.find_request("x/position"))(1, bad);
    FAIL("no error");
  } catch (const RpcError& e) {
    CHECK(e.code == error_code::InvalidParams);
    CHECK(std::string(e.what()).find("'line'") != std::string::npos);
  }
  CHECK(r.calls.empty());
}

TEST_CASE("binder: a name bound twice is an error", "[lsp][binder]") {
  Binder b;
  Recorder r;
  b.request("x/position", parse_position_params, r, &Recorder::on_position);
  b.notification("x/note", parse_text_document_uri, r, &Recorder::on_uri);
  b.command("x.run", params_as_is, r, on_command);
  CHECK_THROWS_AS(b.request("x/position", parse_position_params, r, &Recorder::on_position),
                  std::logic_error);
  CHECK_THROWS_AS(b.notification("x/note", parse_text_document_uri, r, &Recorder::on_uri),
                  std::logic_error);
  CHECK_THROWS_AS(b.command("x.run", params_as_is, r, on_command), std::logic_error);
}

TEST_CASE("binder: commands are listed in binding order and run by name", "[lsp][binder]") {
  Binder b;
  Recorder r;
  b.command("x.second", params_as_is, r, on_command);
  b.command("x.first", params_as_is, r, on_command);
  CHECK(b.capabilities() ==
        json{{"executeCommandProvider", {{"commands", {"x.second", "x.first"}}}}});
  const Binder::Request* execute = b.find_request("workspace/executeCommand");
  REQUIRE(execute);
  (*execute)("a", {{"command", "x.first"}});
  CHECK(r.calls == std::vector<std::string>{"\"a\" x.first"});
  for (const json& params : {json{{"command", "rm -rf"}}, json{{"command", 1}}, json(nullptr)}) {
    try {
      (*execute)(2, params);
      FAIL("no error for " + params.dump());
    } catch (const RpcError& e) {
      CHECK(e.code == error_code::InvalidParams);
    }
  }
  CHECK(r.calls.size() == 1);
}

// Every method's contribution together: what the server answered before the binder, byte for byte.
TEST_CASE("server: initialize answers exactly these capabilities", "[lsp][binder]") {
  test::Harness h;
  h.initialize();
  const json expected = {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync",
       {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"codeActionProvider",
       {{"codeActionKinds", {"quickfix", "refactor.rewrite", "source"}},
        {"resolveProvider", true}}},
      {"completionProvider", {{"triggerCharacters", {"\"", "'"}}, {"resolveProvider", false}}},
      {"executeCommandProvider",
       {{"commands", {"axl-docs.generateDocstring", "axl-docs.generateFileDocstrings"}}}}};
  const json& result = h.out.at(0)["result"];
  CHECK(result["capabilities"] == expected);
  CHECK(result["capabilities"].dump() == expected.dump());
  CHECK(result["serverInfo"] == json{{"name", "axl-docs"}, {"version", "0.0.0"}});
}
