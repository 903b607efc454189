// Thousands of malformed inputs: nothing crashes, every request with a valid id gets exactly one
// reply, and a valid request afterwards is still answered.
#include "lsp/framing.h"
#include "server_harness.h"

#include <random>

using namespace axl::lsp;
using axl::lsp::test::Harness;

namespace {

json random_value(std::mt19937& rng, int depth) {
  switch (rng() % (depth > 2 ? 7 : 9)) {
  case 0:
    return nullptr;
  case 1:
    return static_cast<int64_t>(rng() % 2000) - 1000;
  case 2:
    return std::numeric_limits<int64_t>::max() - static_cast<int64_t>(rng() % 3);
  case 3:
    return 1e300 * ((rng() % 2) ? 1 : -1);
  case 4:
    return std::string("file:///r") + std::to_string(rng() % 3) + ".py";
  case 5:
    return rng() % 2 == 0;
  case 6:
    return std::string("\"\"\"\n\t") + std::to_string(rng());
  case 7: {
    json a = json::array();
    for (int i = 0, n = static_cast<int>(rng() % 4); i < n; ++i)
      a.push_back(random_value(rng, depth + 1));
    return a;
  }
  default: {
    static const char* keys[] = {
        "textDocument", "uri",       "version",   "text",    "range",       "start",          "end",
        "line",         "character", "position",  "context", "diagnostics", "contentChanges", "id",
        "data",         "command",   "arguments", "only"};
    json o = json::object();
    for (int i = 0, n = static_cast<int>(rng() % 5); i < n; ++i)
      o[keys[rng() % std::size(keys)]] = random_value(rng, depth + 1);
    return o;
  }
  }
}

// Plausible params with one field broken, so validation deeper than the first field is exercised.
json mutated_params(std::mt19937& rng, const std::string& uri) {
  json pos = {{"line", static_cast<int64_t>(rng() % 50)},
              {"character", static_cast<int64_t>(rng() % 200)}};
  json range = {{"start", pos},
                {"end", {{"line", static_cast<int64_t>(rng() % 60)}, {"character", 3}}}};
  json p = {{"textDocument", {{"uri", rng() % 4 ? uri : "file:///unknown.py"}, {"version", 2}}},
            {"position", pos},
            {"range", range},
            {"context", {{"diagnostics", json::array()}}},
            {"contentChanges", json::array({{{"range", range}, {"text", "x\n"}}})}};
  std::vector<json*> slots = {
      &p["textDocument"]["uri"],    &p["position"]["line"],          &p["range"]["end"],
      &p["context"]["diagnostics"], &p["contentChanges"][0]["text"], &p["position"]["character"]};
  if (rng() % 3) *slots[rng() % slots.size()] = random_value(rng, 1);
  return p;
}

} // namespace

TEST_CASE("robustness: random bytes around frames never break the reader", "[lsp][robustness]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    MessageReader reader(4096);
    std::string garbage;
    for (int i = 0, n = static_cast<int>(rng() % 200); i < n; ++i) {
      static const char* bits[] = {
          "Content-Length: ", "\r\n", "\r\n\r\n", "{", "}", "99", "-1", "\xff",
          "Content-Type: x",  ":",    "\n"};
      garbage +=
          rng() % 3 ? std::string(bits[rng() % std::size(bits)]) : std::string(1, char(rng()));
    }
    for (size_t at = 0; at < garbage.size();) {
      size_t n = 1 + rng() % 16;
      reader.feed(std::string_view(garbage).substr(at, n));
      at += n;
    }
    while (reader.has_event()) reader.pop_event();
    // Finish whatever the garbage announced (a header, a body, a skipped oversized body).
    for (;;) {
      reader.feed("\r\n\r\n");
      size_t n = reader.bytes_to_resync();
      if (n == 0) break;
      reader.feed(std::string(n, ' '));
    }
    while (reader.has_event()) reader.pop_event();
    reader.feed(frame_message("{\"ok\":1}"));
    FrameEvent last;
    while (reader.has_event()) last = reader.pop_event();
    REQUIRE(last.kind == FrameEvent::Kind::Message);
    REQUIRE(last.body == "{\"ok\":1}");
  }
}

TEST_CASE("robustness: thousands of malformed messages, exactly one reply each",
          "[lsp][robustness]") {
  Harness h;
  h.initialize({{"workspace", {{"applyEdit", false}}}});
  const std::string uri = "file:///tmp/axl_fuzz/r0.py";
  h.open(uri, "class C:\n    def m(self, a):\n        return a\n\n\ndef f(x):\n    \"\"\"\n");
  static const char* methods[] = {"textDocument/codeAction", "codeAction/resolve",
                                  "textDocument/completion", "workspace/executeCommand",
                                  "textDocument/didChange",  "textDocument/didOpen",
                                  "textDocument/didClose",   "textDocument/didSave",
                                  "$/cancelRequest",         "workspace/didChangeConfiguration",
                                  "textDocument/hover",      "$/progress"};
  std::mt19937 rng(99);
  int64_t next_id = 1000;
  std::vector<int64_t> ids;
  for (int i = 0; i < 3000; ++i) {
    json msg = {{"jsonrpc", "2.0"}};
    std::string method = methods[rng() % std::size(methods)];
    bool is_request = method.find("/did") == std::string::npos && method[0] != '$';
    switch (rng() % 10) {
    case 0:
      msg = random_value(rng, 0);
      break; // not even a message
    case 1:
      msg["method"] = random_value(rng, 1);
      break; // method of a wrong type
    case 2:
      msg["id"] = random_value(rng, 1);
      msg["method"] = method;
      break;
    default:
      msg["method"] = method;
      msg["params"] = rng() % 5 ? mutated_params(rng, uri) : random_value(rng, 0);
      if (method == "$/cancelRequest") msg["params"] = {{"id", next_id - 1 - int64_t(rng() % 3)}};
      if (is_request) {
        msg["id"] = next_id;
        ids.push_back(next_id++);
      }
    }
    h.send(msg);
    if (i % 50 == 0) h.pump(std::chrono::milliseconds(1));
    if (method == "textDocument/didClose" && rng() % 2) h.open(uri, "def g(y):\n    return y\n", i);
  }
  for (int64_t id : ids) h.reply(id);
  h.pump(std::chrono::milliseconds(50));
  for (int64_t id : ids) REQUIRE(h.count_replies(id) == 1);
  for (const json& m : h.out) REQUIRE(m["jsonrpc"] == "2.0");
  h.request(1, "shutdown");
  CHECK(h.reply(1)["result"].is_null());
}
