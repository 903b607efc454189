#include "server_harness.h"

#include "lsp/caching_engine.h"

#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace axl::lsp;
using axl::lsp::test::Harness;

namespace {
const std::string kUri = "file:///tmp/axl_lsp_test/m.py";
const json kLiteralCaps = {
    {"textDocument",
     {{"codeAction",
       {{"codeActionLiteralSupport",
         {{"codeActionKind", {{"valueSet", {"quickfix", "refactor", "source"}}}}}},
        {"resolveSupport", {{"properties", {"edit"}}}}}}}},
    {"workspace", {{"applyEdit", true}, {"workspaceEdit", {{"documentChanges", true}}}}},
    {"window", {{"workDoneProgress", true}}}};

// Opens `def f(x): return x` in a client with literal code actions; its first diagnostic (D103).
json open_undocumented(Harness& h) {
  h.initialize(kLiteralCaps);
  h.open(kUri, "def f(x):\n    return x\n");
  return h.notification("textDocument/publishDiagnostics")["params"]["diagnostics"][0];
}
} // namespace

TEST_CASE("server: lifecycle errors and exit status", "[lsp][server]") {
  Harness h;
  h.request(1, "textDocument/codeAction");
  CHECK(h.reply(1)["error"]["code"] == error_code::ServerNotInitialized);
  h.notify("textDocument/didOpen", {{"bogus", 1}}); // dropped before initialize
  h.initialize();
  CHECK(h.out[1]["result"]["capabilities"]["positionEncoding"] == "utf-16");
  CHECK(h.out[1]["result"]["serverInfo"]["name"] == "axl-docs");
  h.request(2, "initialize", {{"capabilities", json::object()}});
  CHECK(h.reply(2)["error"]["code"] == error_code::InvalidRequest);
  h.request(3, "textDocument/hover", {});
  CHECK(h.reply(3)["error"]["code"] == error_code::MethodNotFound);
  h.notify("$/setTrace", {{"value", "off"}});
  h.notify("$/somethingNew");
  h.request(4, "shutdown");
  CHECK(h.reply(4)["result"].is_null());
  h.request(5, "textDocument/codeAction");
  CHECK(h.reply(5)["error"]["code"] == error_code::InvalidRequest);
  CHECK_FALSE(h.exit_status);
  h.notify("exit");
  CHECK(h.exit_status == 0);
}

TEST_CASE("server: exit without shutdown is status 1", "[lsp][server]") {
  Harness h;
  h.initialize();
  h.notify("exit");
  CHECK(h.exit_status == 1);
}

TEST_CASE("server: invalid messages get the right errors", "[lsp][server]") {
  Harness h;
  h.initialize();
  h.send(json::array({1, 2}));
  CHECK(h.out.back()["error"]["code"] == error_code::InvalidRequest);
  CHECK(h.out.back()["id"].is_null());
  h.send(json{{"jsonrpc", "2.0"}, {"id", 1.5}, {"method", "shutdown"}});
  CHECK(h.out.back()["error"]["code"] == error_code::InvalidRequest);
  h.send(json{{"jsonrpc", "2.0"}, {"id", 7}, {"method", 12}});
  CHECK(h.out.back()["error"]["code"] == error_code::InvalidRequest);
  CHECK(h.out.back()["id"] == 7);
  h.request(8, "textDocument/codeAction", {{"textDocument", 3}});
  CHECK(h.reply(8)["error"]["code"] == error_code::InvalidParams);
  h.request(9, "textDocument/completion",
            {{"textDocument", {{"uri", "file:///nowhere.py"}}},
             {"position", {{"line", 0}, {"character", 0}}}});
  CHECK(h.reply(9)["error"]["code"] == error_code::InvalidParams);
  h.request(std::numeric_limits<int64_t>::max(), "textDocument/hover");
  CHECK(h.reply(std::numeric_limits<int64_t>::max())["error"]["code"] ==
        error_code::MethodNotFound);
  h.send(json{{"jsonrpc", "2.0"}, {"id", "str-id"}, {"method", "textDocument/hover"}});
  CHECK(h.reply("str-id")["error"]["code"] == error_code::MethodNotFound);
  // Only JSON-RPC 2.0 is processed: "1.0", 2 or no "jsonrpc" at all is an invalid request.
  for (json version : {json("1.0"), json(2), json()}) {
    json msg = {{"id", 30}, {"method", "shutdown"}};
    if (!version.is_null()) msg["jsonrpc"] = version;
    h.send(msg);
    CHECK(h.out.back()["error"]["code"] == error_code::InvalidRequest);
    CHECK(h.out.back()["id"] == 30);
  }
  h.send(
      json{{"method", "textDocument/didOpen"},
           {"params",
            {{"textDocument",
              {{"uri", kUri}, {"languageId", "python"}, {"version", 1}, {"text", "x = 1\n"}}}}}});
  CHECK(h.out.back()["error"]["code"] == error_code::InvalidRequest);
  CHECK(h.out.back()["id"].is_null());
  h.request(31, "textDocument/completion",
            {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", 0}, {"character", 0}}}});
  CHECK(h.reply(31)["error"]["code"] == error_code::InvalidParams); // it was not opened
  h.request(32, "shutdown");
  CHECK(h.reply(32)["result"].is_null()); // the invalid shutdowns were not processed
}

TEST_CASE("server: a code action diagnostic whose data.def is not a string is -32602",
          "[lsp][server]") {
  Harness h;
  json diag = open_undocumented(h);
  int64_t id = 1;
  for (json def : {json(5), json(nullptr), json::array()}) {
    json d = diag;
    d["data"]["def"] = def;
    h.request(id, "textDocument/codeAction",
              {{"textDocument", {{"uri", kUri}}},
               {"range", d["range"]},
               {"context", {{"diagnostics", {d}}}}});
    CHECK(h.reply(id)["error"]["code"] == error_code::InvalidParams);
    ++id;
  }
}

TEST_CASE("server: diagnostics on open, debounced change, cleared on close", "[lsp][server]") {
  Harness h;
  h.initialize();
  h.open(kUri, "def f(x):\n    return x\n");
  json d = h.notification("textDocument/publishDiagnostics");
  REQUIRE(d["params"]["diagnostics"].size() == 1);
  CHECK(d["params"]["diagnostics"][0]["code"] == "D103");
  CHECK(d["params"]["diagnostics"][0]["severity"] == 3);
  CHECK(d["params"]["diagnostics"][0]["range"] ==
        json::parse(R"({"start":{"line":0,"character":4},"end":{"line":0,"character":5}})"));
  h.out.clear();
  h.change(kUri, 2, 1, 4, 1, 4, "\"\"\"Doc.\"\"\"\n    ");
  d = h.notification("textDocument/publishDiagnostics");
  CHECK(d["params"]["diagnostics"].empty());
  h.out.clear();
  h.notify("textDocument/didClose", {{"textDocument", {{"uri", kUri}}}});
  d = h.notification("textDocument/publishDiagnostics");
  CHECK(d["params"]["diagnostics"].empty());
}

TEST_CASE("server: severity and off from initializationOptions", "[lsp][server]") {
  Harness h;
  h.initialize(json::object(), {{"diagnostics", {{"severity", "warning"}}}});
  h.open(kUri, "def f(x):\n    return x\n");
  CHECK(h.notification("textDocument/publishDiagnostics")["params"]["diagnostics"][0]["severity"] ==
        2);
  h.out.clear();
  h.notify("workspace/didChangeConfiguration",
           {{"settings", {{"axl-docs", {{"diagnostics", false}}}}}});
  CHECK(h.notification("textDocument/publishDiagnostics")["params"]["diagnostics"].empty());
}

TEST_CASE("server: diagnostics {enabled: false, severity} publishes nothing, in any key order",
          "[lsp][server]") {
  for (const char* options : {R"({"diagnostics": {"enabled": false, "severity": "information"}})",
                              R"({"axl-docs": {"diagnostics.enabled": false,
                                               "diagnostics.severity": "hint"}})"}) {
    Harness h;
    h.initialize(json::object(), json::parse(options));
    h.open(kUri, "def f(x):\n    return x\n");
    INFO(options);
    CHECK(h.notification("textDocument/publishDiagnostics")["params"]["diagnostics"].empty());
  }
}

TEST_CASE("server: configuration pulls and pushes merge over initializationOptions",
          "[lsp][server]") {
  Harness h;
  json caps = kLiteralCaps;
  caps["workspace"]["configuration"] = true;
  h.initialize(caps, {{"quote", "'''"}, {"diagnostics", {{"severity", "warning"}}}});
  auto answer_pull = [&](const json& result) {
    json pull = h.notification("workspace/configuration");
    h.out.clear();
    h.send(json{{"jsonrpc", "2.0"}, {"id", pull["id"]}, {"result", result}});
  };
  auto severity = [&] {
    json d = h.notification("textDocument/publishDiagnostics");
    REQUIRE(d["params"]["diagnostics"].size() == 1);
    return d["params"]["diagnostics"][0]["severity"].get<int>();
  };
  auto generated = [&](int id) {
    h.request(
        id, "textDocument/codeAction",
        {{"textDocument", {{"uri", kUri}}},
         {"range",
          {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
         {"context", {{"diagnostics", json::array()}}}});
    h.request(id + 1, "codeAction/resolve", h.reply(id)["result"][0]);
    return h.reply(id + 1)["result"]["edit"]["documentChanges"][0]["edits"][0]["newText"];
  };
  answer_pull(json::array({json::object()})); // the client has no settings of its own
  h.open(kUri, "def f(x):\n    return x\n");
  CHECK(severity() == 2);
  CHECK(generated(1) == "'''Doc of f.'''\n    ");

  // A pull answered with null: the same.
  h.notify("workspace/didChangeConfiguration", {{"settings", nullptr}});
  answer_pull(nullptr);
  CHECK(severity() == 2);

  // A push overrides only the keys it has.
  h.out.clear();
  h.notify("workspace/didChangeConfiguration",
           {{"settings", {{"axl-docs", {{"diagnostics", {{"severity", "hint"}}}}}}}});
  CHECK(severity() == 4);
  CHECK(generated(3) == "'''Doc of f.'''\n    ");

  // The next answer replaces the previous one (it is the client's whole configuration): keys it
  // no longer has fall back to initializationOptions.
  h.notify("workspace/didChangeConfiguration", {{"settings", nullptr}});
  answer_pull(json::array({{{"quote", "\"\"\""}}}));
  CHECK(severity() == 2);
  CHECK(generated(5) == "\"\"\"Doc of f.\"\"\"\n    ");
}

TEST_CASE("server: code actions lazy with resolve, stale resolve is ContentModified",
          "[lsp][server]") {
  Harness h;
  json diag = open_undocumented(h);
  json range = diag["range"];
  h.request(1, "textDocument/codeAction",
            {{"textDocument", {{"uri", kUri}}},
             {"range", range},
             {"context", {{"diagnostics", {diag}}}}});
  json actions = h.reply(1)["result"];
  REQUIRE(actions.size() == 2);
  CHECK(actions[0]["kind"] == "quickfix");
  CHECK(actions[0]["diagnostics"][0]["code"] == "D103");
  CHECK_FALSE(actions[0].contains("edit"));
  CHECK(actions[1]["kind"] == "source");

  h.request(2, "codeAction/resolve", actions[0]);
  json resolved = h.reply(2)["result"];
  json edit = resolved["edit"]["documentChanges"][0];
  CHECK(edit["textDocument"]["version"] == 1);
  CHECK(edit["edits"][0]["newText"] == "\"\"\"Doc of f.\"\"\"\n    ");
  CHECK(edit["edits"][0]["range"]["start"] == json{{"line", 1}, {"character", 4}});

  // Without a diagnostic in the request, on the def line: refactor.rewrite.
  h.request(3, "textDocument/codeAction",
            {{"textDocument", {{"uri", kUri}}},
             {"range", range},
             {"context", {{"diagnostics", json::array()}, {"only", {"refactor"}}}}});
  json only = h.reply(3)["result"];
  REQUIRE(only.size() == 1);
  CHECK(only[0]["kind"] == "refactor.rewrite");

  h.notify("textDocument/didChange",
           {{"textDocument", {{"uri", kUri}, {"version", 2}}},
            {"contentChanges", {{{"text", "def f(x):\n    return 1\n"}}}}});
  h.request(4, "codeAction/resolve", actions[0]);
  CHECK(h.reply(4)["error"]["code"] == error_code::ContentModified);
}

TEST_CASE("server: eager code action edits for clients without resolve", "[lsp][server]") {
  Harness h;
  json caps = kLiteralCaps;
  caps["textDocument"]["codeAction"].erase("resolveSupport");
  caps["workspace"]["workspaceEdit"]["documentChanges"] = false;
  h.initialize(caps);
  h.open(kUri, "def f(x):\n    return x\n");
  h.request(
      1, "textDocument/codeAction",
      {{"textDocument", {{"uri", kUri}}},
       {"range",
        {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
       {"context", {{"diagnostics", json::array()}}}});
  json actions = h.reply(1)["result"];
  REQUIRE(actions.size() == 2);
  CHECK(actions[0]["edit"]["changes"][kUri][0]["newText"] == "\"\"\"Doc of f.\"\"\"\n    ");
}

TEST_CASE("server: cancellation answers -32800 once and stops the work", "[lsp][server]") {
  Harness h;
  h.initialize(kLiteralCaps);
  h.open(kUri, "def slow(x):\n    return x\n");
  h.notification("textDocument/publishDiagnostics");
  h.request(
      1, "textDocument/codeAction",
      {{"textDocument", {{"uri", kUri}}},
       {"range",
        {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
       {"context", {{"diagnostics", json::array()}}}});
  json action = h.reply(1)["result"][0];
  h.request(2, "codeAction/resolve", action);
  h.pump(std::chrono::milliseconds(20));
  h.notify("$/cancelRequest", {{"id", 2}});
  CHECK(h.reply(2)["error"]["code"] == error_code::RequestCancelled);
  h.pump(std::chrono::milliseconds(50)); // the worker stops and posts; nothing more is sent
  CHECK(h.count_replies(2) == 1);
  h.request(3, "shutdown");
  CHECK(h.reply(3)["result"].is_null());
}

TEST_CASE("server: an edit makes a pending request ContentModified", "[lsp][server]") {
  Harness h;
  h.initialize(kLiteralCaps);
  h.open(kUri, "def slow(x):\n    return x\n");
  h.request(
      1, "textDocument/codeAction",
      {{"textDocument", {{"uri", kUri}}},
       {"range",
        {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
       {"context", {{"diagnostics", json::array()}}}});
  json action = h.reply(1)["result"][0];
  h.request(2, "codeAction/resolve", action);
  h.notify("textDocument/didChange", {{"textDocument", {{"uri", kUri}, {"version", 2}}},
                                      {"contentChanges", {{{"text", "x = 1\n"}}}}});
  CHECK(h.reply(2)["error"]["code"] == error_code::ContentModified);
  h.pump(std::chrono::milliseconds(30));
  CHECK(h.count_replies(2) == 1);
}

TEST_CASE("server: executeCommand for the file applies one edit with progress", "[lsp][server]") {
  Harness h;
  h.initialize(kLiteralCaps);
  h.open(kUri, "def a():\n    pass\n\n\ndef b():\n    pass\n");
  h.send(json{{"jsonrpc", "2.0"},
              {"id", 1},
              {"method", "workspace/executeCommand"},
              {"params",
               {{"command", "axl-docs.generateFileDocstrings"},
                {"arguments", json::array({{{"uri", kUri}, {"version", 1}}})}}}});
  json create = h.notification("window/workDoneProgress/create");
  h.send(json{{"jsonrpc", "2.0"}, {"id", create["id"]}, {"result", nullptr}});
  json apply = h.notification("workspace/applyEdit");
  json edits = apply["params"]["edit"]["documentChanges"][0]["edits"];
  REQUIRE(edits.size() == 2);
  CHECK(edits[1]["newText"] == "\"\"\"Doc of b.\"\"\"\n    ");
  std::vector<std::string> kinds;
  for (auto& m : h.out)
    if (m.value("method", "") == "$/progress") kinds.push_back(m["params"]["value"]["kind"]);
  CHECK(kinds == std::vector<std::string>{"begin", "report", "report", "end"});
  CHECK(h.count_replies(1) == 0); // answered once the client applied the edit
  h.send(json{{"jsonrpc", "2.0"}, {"id", apply["id"]}, {"result", {{"applied", true}}}});
  CHECK(h.reply(1)["result"]["applied"] == true);
}

TEST_CASE("server: completion on a typed triple quote", "[lsp][server]") {
  Harness h;
  h.initialize();
  h.open(kUri, "def f(x):\n    \"\"\"\n    return x\n");
  h.request(1, "textDocument/completion",
            {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", 1}, {"character", 7}}}});
  json items = h.reply(1)["result"]["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["textEdit"]["newText"] == "\"\"\"Doc of f.\"\"\"");
  CHECK(items[0]["textEdit"]["range"] ==
        json::parse(R"({"start":{"line":1,"character":4},"end":{"line":1,"character":7}})"));
  h.request(2, "textDocument/completion",
            {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", 2}, {"character", 5}}}});
  CHECK(h.reply(2)["result"].empty());
}

TEST_CASE("server: window/workDoneProgress/cancel stops the file command", "[lsp][server]") {
  Harness h;
  h.initialize(kLiteralCaps);
  h.open(kUri, "def slow(x):\n    return x\n");
  h.send(json{{"jsonrpc", "2.0"},
              {"id", 1},
              {"method", "workspace/executeCommand"},
              {"params",
               {{"command", "axl-docs.generateFileDocstrings"},
                {"workDoneToken", "tok"},
                {"arguments", json::array({{{"uri", kUri}}})}}}});
  json begin = h.wait_for([](const json& m) {
    return m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "begin";
  });
  CHECK(begin["params"]["token"] == "tok");
  h.notify("window/workDoneProgress/cancel", {{"token", "tok"}});
  CHECK(h.reply(1)["error"]["code"] == error_code::RequestCancelled);
  json end = h.wait_for([](const json& m) {
    return m.value("method", "") == "$/progress" && m["params"]["value"]["kind"] == "end";
  });
  CHECK(end["params"]["value"]["message"] == "cancelled");
  for (auto& m : h.out) CHECK(m.value("method", "") != "workspace/applyEdit");
  CHECK(h.count_replies(1) == 1);
}

TEST_CASE("server: pyproject.toml of the file's project sets the defaults", "[lsp][server]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("axl_lsp_proj_" + std::to_string(::getpid()));
  fs::create_directories(dir / "src");
  std::ofstream(dir / "pyproject.toml") << "[tool.axl-docs]\nquote = \"'''\"\n";
  Harness h;
  h.initialize(kLiteralCaps, {{"style", "numpy"}});
  std::string uri = "file://" + (dir / "src" / "m.py").string();
  h.open(uri, "def f(x):\n    return x\n");
  h.request(
      1, "textDocument/codeAction",
      {{"textDocument", {{"uri", uri}}},
       {"range",
        {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", 0}, {"character", 0}}}}},
       {"context", {{"diagnostics", json::array()}}}});
  h.request(2, "codeAction/resolve", h.reply(1)["result"][0]);
  json edit = h.reply(2)["result"]["edit"]["documentChanges"][0]["edits"][0];
  CHECK(edit["newText"] ==
        "'''Doc of f.'''\n    "); // quote from pyproject, editor keys win elsewhere
  fs::remove_all(dir);
}

TEST_CASE("server: a document over the parse cap is not parsed, and once shrunk, it is",
          "[lsp][server]") {
  Harness h;
  h.initialize();
  const std::string code = "def f(x):\n    return x\n";
  std::string big = code + "#" + std::string(kMaxParsedBytes, 'x') + "\n";
  h.open(kUri, big);
  json message = h.wait_for([](const json& m) {
    return m.value("method", "") == "window/showMessage" &&
           m["params"]["message"].get<std::string>().find("larger than") != std::string::npos;
  });
  CHECK_THAT(message["params"]["message"].get<std::string>(),
             Catch::Contains(kUri + " is larger than 4 MiB"));
  CHECK(h.notification("textDocument/publishDiagnostics")["params"]["diagnostics"].empty());
  h.request(1, "textDocument/completion",
            {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", 1}, {"character", 4}}}});
  CHECK(h.reply(1)["result"] == json::array());
  // Cutting the long line brings it under the cap: parsed from scratch, diagnostics as usual.
  h.out.clear();
  h.change(kUri, 2, 2, 0, 3, 0, "");
  json d = h.notification("textDocument/publishDiagnostics");
  REQUIRE(d["params"]["diagnostics"].size() == 1);
  CHECK(d["params"]["diagnostics"][0]["code"] == "D103");
}

TEST_CASE("caching engine: same definition and version computed once", "[lsp][server]") {
  struct Counting : axl::lsp::test::FakeEngine {
    int calls = 0;
    std::optional<ByteEdit> generate(const Snapshot& s, size_t i, const Settings& st,
                                     std::stop_token stop) override {
      ++calls;
      return FakeEngine::generate(s, i, st, stop);
    }
  };
  auto counting = std::make_unique<Counting>();
  Counting* raw = counting.get();
  CachingEngine engine(std::move(counting));
  Snapshot a("file:///a.py", 1, "def f():\n    pass\n",
             axl::parser::parse_python("def f():\n    pass\n", "a"));
  Settings s;
  auto first = engine.generate(a, 1, s, {});
  auto second = engine.generate(a, 1, s, {});
  REQUIRE(first);
  CHECK(second->text == first->text);
  CHECK(raw->calls == 1);
  s.render.style = axl::docstring::Style::Numpy;
  engine.generate(a, 1, s, {});
  CHECK(raw->calls == 2);
  CHECK(engine.hits() == 1);
}
