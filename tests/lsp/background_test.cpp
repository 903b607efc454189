// Ready before asked: background generation while idle, cancelled by any request, and the prose
// cache keyed by what the model sees (not by the document version). The real composer engine with
// a fake, slow model behind it.
#include "server_harness.h"

#include "lsp/composer_engine.h"

#include <atomic>
#include <thread>

using namespace axl::lsp;
using axl::lsp::test::Harness;

namespace {

const std::string kUri = "file:///tmp/axl_lsp_test/background.py";
const json kCaps = {{"textDocument",
                     {{"codeAction",
                       {{"codeActionLiteralSupport",
                         {{"codeActionKind", {{"valueSet", {"quickfix", "refactor", "source"}}}}}},
                        {"resolveSupport", {{"properties", {"edit"}}}}}}}}};
const json kFastIdle = {{"backgroundDelayMs", 20}};

struct FakeModel {
  std::atomic<int> described{0}; // answers given (each is a model run)
  std::atomic<bool> slow_started{false};
  std::atomic<int> slow_stopped{0};
};

// "Frobnicate NAME." for any definition; one named `slow` runs until it is stopped.
class FakeProvider final : public axl::docstring::SummaryProvider {
public:
  explicit FakeProvider(std::shared_ptr<FakeModel> model) : model_(std::move(model)) {}
  axl::docstring::DocText describe(const axl::parser::Definition& def, std::string_view,
                                   std::stop_token stop) override {
    if (def.name == "slow") {
      model_->slow_started = true;
      while (!stop.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      ++model_->slow_stopped;
      return {};
    }
    ++model_->described;
    axl::docstring::DocText t;
    t.summary = "Frobnicate " + def.name + ".";
    return t;
  }
  std::string_view name() const override { return "fake"; }

private:
  std::shared_ptr<FakeModel> model_;
};

std::unique_ptr<DocstringEngine> fake_model_engine(const std::shared_ptr<FakeModel>& model) {
  return make_composer_engine(
      [model](const Settings&) { return std::make_unique<FakeProvider>(model); }, true);
}

// Runs the server's loop until `done()` (REQUIREd within 5 s).
template <class Pred> void pump_until(Harness& h, Pred done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!done()) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    h.pump();
  }
}

// A server with the fake model, `text` open, once its background pass has prepared `count`
// definitions.
struct Prepared {
  std::shared_ptr<FakeModel> model = std::make_shared<FakeModel>();
  DocstringEngine* engine = nullptr;
  std::unique_ptr<Harness> harness;
  Prepared(const std::string& text, uint64_t count) {
    auto made = fake_model_engine(model);
    engine = made.get();
    harness = std::make_unique<Harness>(std::move(made));
    harness->initialize(kCaps, kFastIdle);
    harness->open(kUri, text);
    pump_until(*harness, [&] { return engine->cache_stats().prepared == count; });
  }
};

json stats(Harness& h, int64_t id) {
  h.request(id, "axl-docs/cacheStats");
  return h.reply(id)["result"];
}

} // namespace

TEST_CASE("background: idle generation is cancelled by any request and diagnostics go first",
          "[lsp][background]") {
  auto model = std::make_shared<FakeModel>();
  Harness h(fake_model_engine(model));
  h.initialize(kCaps, kFastIdle);
  h.open(kUri, "def slow(x):\n    return x\n");
  pump_until(h, [&] { return model->slow_started.load(); }); // started on its own once idle

  json during = stats(h, 1); // a request: answered at once, and it stops the background pass
  CHECK(during["backgroundRunning"] == true);
  pump_until(h, [&] { return model->slow_stopped.load() >= 1; });

  // A document opened while the background works gets its diagnostics as usual.
  model->slow_started = false;
  pump_until(h, [&] { return model->slow_started.load(); }); // idle again: it resumed
  h.out.clear();
  h.open("file:///tmp/axl_lsp_test/other.py", "def g(y):\n    return y\n");
  json diags = h.notification("textDocument/publishDiagnostics");
  CHECK(diags["params"]["uri"] == "file:///tmp/axl_lsp_test/other.py");
  CHECK(stats(h, 2)["backgroundCancelled"].get<int>() >= 1);
}

TEST_CASE("background: a resolve after an unrelated edit hits the prose cache",
          "[lsp][background]") {
  Prepared p("def alpha(a):\n    return a\n\n\ndef beta(b):\n    return b\n", 2);
  Harness& h = *p.harness;
  auto& model = p.model;
  CHECK(model->described == 2);

  // An edit elsewhere in the file: a comment above both definitions moves every offset.
  h.change(kUri, 2, 0, 0, 0, 0, "# a note\n");
  auto resolve_beta = [&](int64_t id, int line) {
    json range = {{"start", {{"line", line}, {"character", 4}}},
                  {"end", {{"line", line}, {"character", 4}}}};
    h.request(id, "textDocument/codeAction",
              {{"textDocument", {{"uri", kUri}}},
               {"range", range},
               {"context", {{"diagnostics", json::array()}, {"only", {"refactor"}}}}});
    json actions = h.reply(id)["result"];
    REQUIRE(actions.size() == 1);
    CHECK(actions[0]["data"]["def"] == "beta");
    h.request(id + 1, "codeAction/resolve", actions[0]);
    return h.reply(id + 1)["result"]["edit"]["changes"][kUri][0];
  };
  json edit = resolve_beta(1, 5);
  CHECK(edit["newText"].get<std::string>().find("Frobnicate beta.") != std::string::npos);
  CHECK(edit["range"]["start"] == json{{"line", 6}, {"character", 0}}); // at today's offsets
  CHECK(model->described == 2);                                         // no model run
  json s = stats(h, 3);
  CHECK(s["hits"] == 1);
  CHECK(s["misses"] == 0);

  // An edit inside beta changes what the model sees: asked again (by this request, or by the
  // background if it got there first).
  h.change(kUri, 3, 6, 11, 6, 12, "b + 1");
  json changed = resolve_beta(4, 5);
  CHECK(changed["newText"].get<std::string>().find("Frobnicate beta.") != std::string::npos);
  CHECK(model->described >= 3); // 2: the old prose was reused
}

TEST_CASE("background: completion on a typed quote finds the prose prepared before it was typed",
          "[lsp][background]") {
  Prepared p("x = 1\n\n\ndef beta(b):\n    return b\n", 1);
  Harness& h = *p.harness;
  auto& model = p.model;

  h.change(kUri, 2, 4, 0, 4, 0, "    \"\"\"\"\"\"\n"); // a new line with an auto-closed quote
  h.request(1, "textDocument/completion",
            {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", 4}, {"character", 7}}}});
  json items = h.reply(1)["result"]["items"];
  REQUIRE(items.size() == 1);
  const std::string text = items[0]["textEdit"]["newText"];
  CHECK(text.find("Frobnicate beta.") != std::string::npos);
  CHECK(text.rfind("\"\"\"", 0) == 0);
  CHECK(items[0]["textEdit"]["range"]["start"] == json{{"line", 4}, {"character", 4}});
  CHECK(model->described == 1); // prepared once, before the quote was typed
  CHECK(stats(h, 2)["hits"] == 1);

  // The quote as the whole body (nothing below it): `pass` stands in, the model is asked.
  h.change(kUri, 3, 5, 0, 5, 12, "");
  h.request(3, "textDocument/completion",
            {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", 4}, {"character", 7}}}});
  REQUIRE(h.reply(3)["result"]["items"].size() == 1);
  CHECK(model->described == 2);
}
