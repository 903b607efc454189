// In-process server for unit tests: messages go straight to Server::on_message and the io_context
// runs on the test's thread, so everything is deterministic except worker timing (waited for).
#pragma once

#include "lsp/server.h"

#include <boost/asio/io_context.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace axl::lsp::test {

// Reports D103 for every function without a docstring; generating inserts `"""Doc of NAME."""`.
// A definition named `slow` blocks until cancelled, to test cancellation.
class FakeEngine : public DocstringEngine {
public:
  std::vector<Finding> check(const Snapshot& snap, const Settings&) const override {
    std::vector<Finding> out;
    const auto& defs = snap.parsed.definitions;
    for (size_t i = 0; i < defs.size(); ++i)
      if (defs[i].kind != parser::DefKind::Module && !defs[i].docstring)
        out.push_back({i, "D103", "Missing docstring in public function", false});
    return out;
  }
  std::optional<ByteEdit> generate(const Snapshot& snap, size_t index, const Settings& settings,
                                   std::stop_token stop) override {
    const auto& def = snap.parsed.definitions[index];
    if (def.name == "slow") {
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock lock(m);
      cv.wait(lock, stop, [] { return false; });
      return std::nullopt;
    }
    std::string text = settings.render.quote + "Doc of " + def.name + "." + settings.render.quote +
                       "\n" + def.body_indent;
    return ByteEdit{def.body_start_byte, def.body_start_byte, text};
  }
  bool uses_model() const override { return false; }
};

struct Harness {
  boost::asio::io_context io;
  std::vector<json> out;
  std::unique_ptr<Server> server;
  std::optional<int> exit_status;

  explicit Harness(std::unique_ptr<DocstringEngine> engine = std::make_unique<FakeEngine>()) {
    ServerOptions opts;
    opts.worker_threads = 2;
    opts.diagnostics_delay = std::chrono::milliseconds(0);
    opts.log = false;
    server = std::make_unique<Server>(
        io, [this](const json& m) { out.push_back(m); }, std::move(engine), opts);
    server->on_exit = [this](int code) { exit_status = code; };
  }
  ~Harness() {
    server.reset(); // joins workers before io goes away
  }

  void send(const json& m) { server->on_message(m); }
  void request(int64_t id, const std::string& method, json params = json::object()) {
    send(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  }
  void notify(const std::string& method, json params = json::object()) {
    send(json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
  }
  void pump(std::chrono::milliseconds d = std::chrono::milliseconds(5)) {
    io.restart();
    io.run_for(d);
  }
  // Runs the loop until a message matching `pred` is out; returns it (REQUIREs it within 5 s).
  template <class Pred> json wait_for(Pred pred) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    size_t seen = 0;
    for (;;) {
      for (; seen < out.size(); ++seen)
        if (pred(out[seen])) return out[seen];
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      pump();
    }
  }
  json reply(const json& id) {
    return wait_for(
        [&](const json& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); });
  }
  json notification(const std::string& method) {
    return wait_for([&](const json& m) { return m.value("method", "") == method; });
  }
  size_t count_replies(const json& id) const {
    size_t n = 0;
    for (auto& m : out) n += m.contains("id") && m["id"] == id && !m.contains("method");
    return n;
  }
  void initialize(json capabilities = json::object(), json options = nullptr) {
    json params = {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", capabilities}};
    if (!options.is_null()) params["initializationOptions"] = options;
    request(0, "initialize", params);
    reply(0);
    notify("initialized");
  }
  // didChange with one edit replacing (l1, c1)-(l2, c2).
  void change(const std::string& uri, int64_t version, uint32_t l1, uint32_t c1, uint32_t l2,
              uint32_t c2, const std::string& text) {
    json range = {{"start", {{"line", l1}, {"character", c1}}},
                  {"end", {{"line", l2}, {"character", c2}}}};
    notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", version}}},
                                      {"contentChanges", {{{"range", range}, {"text", text}}}}});
  }
  void open(const std::string& uri, const std::string& text, int64_t version = 1) {
    notify("textDocument/didOpen",
           {{"textDocument",
             {{"uri", uri}, {"languageId", "python"}, {"version", version}, {"text", text}}}});
  }
};

} // namespace axl::lsp::test
