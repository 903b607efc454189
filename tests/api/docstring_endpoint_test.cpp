// POST /v1/docstrings through the router (heuristic prose, and an injected provider).
#include "api/service.h"
#include "fake_exchange.h"

#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

using namespace axl;
using namespace axl::api;
using axl::api::test::FakeExchange;
using nlohmann::json;

namespace {

const char* const kSource = "class Client:\n"
                            "    def fetch(self, url: str, retries: int = 3) -> bytes:\n"
                            "        return b''\n"
                            "\n"
                            "def helper(x):\n"
                            "    \"\"\"Help.\"\"\"\n"
                            "    return x\n";

class FixedProvider final : public docstring::SummaryProvider {
public:
  docstring::DocText describe(const parser::Definition&, std::string_view,
                              std::stop_token) override {
    docstring::DocText t;
    t.summary = "Fixed summary.";
    return t;
  }
  std::string_view name() const override { return "fixed"; }
};

// Stands for a client that disconnects while its docstrings are being written.
class DisconnectingProvider final : public docstring::SummaryProvider {
public:
  explicit DisconnectingProvider(std::atomic<bool>& cancel) : cancel_(cancel) {}
  docstring::DocText describe(const parser::Definition&, std::string_view,
                              std::stop_token) override {
    cancel_ = true;
    return {};
  }
  std::string_view name() const override { return "disconnecting"; }

private:
  std::atomic<bool>& cancel_;
};

// Writes "Summary of NAME." and records the thread; until two threads have been inside it at
// once (or 10 s passed), each call waits for the other, so a request that is not shared between
// workers shows as one thread seen.
struct Meeting {
  std::mutex m;
  std::condition_variable cv;
  std::set<std::thread::id> seen;
  bool gave_up = false;
};

class MeetingProvider final : public docstring::SummaryProvider {
public:
  explicit MeetingProvider(Meeting& meet) : meet_(meet) {}
  docstring::DocText describe(const parser::Definition& def, std::string_view,
                              std::stop_token) override {
    std::unique_lock lock(meet_.m);
    meet_.seen.insert(std::this_thread::get_id());
    meet_.cv.notify_all();
    if (!meet_.cv.wait_for(lock, std::chrono::seconds(10),
                           [&] { return meet_.seen.size() >= 2 || meet_.gave_up; }))
      meet_.gave_up = true;
    docstring::DocText t;
    t.summary = "Summary of " + def.name + ".";
    return t;
  }
  std::string_view name() const override { return "meeting"; }

private:
  Meeting& meet_;
};

struct Fixture {
  explicit Fixture(int workers = 1)
      : generator(model, 1, 4, 1),
        pool(workers, 4), service{cfg, "m", 0, generator, pool, stats, {}} {
    add_docstring_routes(router, service);
  }
  ~Fixture() {
    pool.stop();
    generator.stop();
  }
  std::shared_ptr<FakeExchange> post(const json& body) {
    auto ex = std::make_shared<FakeExchange>();
    router.dispatch({"POST", "/v1/docstrings", "", body.dump()}, ex);
    REQUIRE(ex->wait());
    return ex;
  }
  model::Model model; // never used by this endpoint
  ServerConfig cfg;
  Stats stats;
  BatchGenerator generator;
  WorkerPool pool;
  Service service;
  Router router;
};

} // namespace

TEST_CASE("docstrings for every missing definition of a file", "[api][docstrings]") {
  Fixture f;
  auto ex = f.post({{"code", kSource}});
  REQUIRE(ex->status == 200);
  const auto& j = ex->json;
  CHECK(j["object"] == "docstrings");
  CHECK(j["provider"] == "heuristic");
  CHECK(j["style"] == "google");
  std::vector<std::string> names;
  for (const auto& d : j["docstrings"]) names.push_back(d["name"]);
  CHECK(names == std::vector<std::string>{"", "Client", "Client.fetch"}); // helper has one
  const auto& fetch = j["docstrings"][2];
  CHECK(fetch["kind"] == "method");
  CHECK(fetch["line"] == 2);
  CHECK(fetch["code"] == "D102");
  CHECK(fetch["docstring"].get<std::string>().find("url (str)") != std::string::npos);
  REQUIRE(j["edits"].size() == 3);
  // Applying the edits (byte offsets, back to front) gives new_code.
  std::string code = kSource;
  for (auto it = j["edits"].rbegin(); it != j["edits"].rend(); ++it)
    code.replace((*it)["start_byte"].get<size_t>(),
                 (*it)["end_byte"].get<size_t>() - (*it)["start_byte"].get<size_t>(),
                 (*it)["new_text"].get<std::string>());
  CHECK(code == j["new_code"]);
  CHECK(j["edits"][2]["range"]["start"] == json{{"line", 2}, {"character", 0}});
}

TEST_CASE("@overload stubs: the implementation is documented at its own line",
          "[api][docstrings]") {
  Fixture f;
  auto ex = f.post({{"code", "\"\"\"M.\"\"\"\n"
                             "@overload\ndef scale(x: int) -> int: ...\n"
                             "@overload\ndef scale(x: float) -> float: ...\n"
                             "def scale(x):\n    return x * 2\n"}});
  REQUIRE(ex->status == 200);
  REQUIRE(ex->json["docstrings"].size() == 1);
  CHECK(ex->json["docstrings"][0]["name"] == "scale");
  CHECK(ex->json["docstrings"][0]["line"] == 6);
}

TEST_CASE("docstring for the definition at a line, in another style", "[api][docstrings]") {
  Fixture f;
  auto ex = f.post({{"code", kSource}, {"line", 7}, {"style", "numpy"}});
  REQUIRE(ex->status == 200);
  REQUIRE(ex->json["docstrings"].size() == 1);
  const auto& d = ex->json["docstrings"][0];
  CHECK(d["name"] == "helper");
  CHECK(d["replaces_existing"] == true);
  CHECK(d["docstring"].get<std::string>().find("Parameters\n----------") != std::string::npos);
  CHECK(ex->json["style"] == "numpy");
}

TEST_CASE("an injected provider writes the prose", "[api][docstrings]") {
  Fixture f;
  f.cfg.summary_provider = [](int) { return std::make_unique<FixedProvider>(); };
  auto ex = f.post({{"code", "def g():\n    pass\n"}, {"line", 1}});
  CHECK(ex->json["provider"] == "fixed");
  CHECK(ex->json["docstrings"][0]["docstring"] == "Fixed summary.");
}

TEST_CASE("bad docstring requests are 400s", "[api][docstrings]") {
  Fixture f;
  const std::vector<std::pair<json, std::string>> cases = {
      {json::object(), "code"},
      {{{"code", 5}}, "code"},
      {{{"code", "x = 1\n"}, {"style", "fancy"}}, "style"},
      {{{"code", "x = 1\n"}, {"line", 0}}, "line"},
      {{{"code", "x = 1\n"}, {"line", 50}}, "line"},
      {{{"code", "x = 1\n"}, {"width", 5}}, "width"},
      {{{"code", "x = 1\n"}, {"quote", "\""}}, "quote"},
      {{{"code", "x = 1\n"}, {"update", "yes"}}, "update"},
  };
  for (const auto& [body, param] : cases) {
    INFO(body.dump());
    auto ex = f.post(body);
    CHECK(ex->status == 400);
    CHECK(ex->json["error"]["param"] == param);
  }
}

TEST_CASE("code with a syntax error is a 400, nothing inserted", "[api][docstrings]") {
  Fixture f;
  for (json body : {json{{"code", "def f(:\n    pass\n"}},
                    json{{"code", "def f(x):\n    return (x\n"}, {"line", 1}}}) {
    auto ex = f.post(body);
    CHECK(ex->status == 400);
    CHECK(ex->json["error"]["param"] == "code");
    CHECK(ex->json["error"]["code"] == "syntax_error");
    CHECK_FALSE(ex->json.contains("new_code"));
  }
}

TEST_CASE("a whole-file request documents at most 1000 definitions", "[api][docstrings]") {
  Fixture f;
  std::string code;
  for (int i = 0; i < 1001; ++i) code += "def f" + std::to_string(i) + "():\n    pass\n";
  auto ex = f.post({{"code", code}});
  CHECK(ex->status == 413);
  CHECK(ex->json["error"]["type"] == "invalid_request_error");
  CHECK(ex->json["error"]["code"] == "too_many_definitions");
  CHECK(ex->json["error"]["param"] == "code");
  CHECK(f.post({{"code", code}, {"line", 3}})->status == 200); // one definition: fine
}

TEST_CASE("a client that disconnected while composing counts as cancelled", "[api][docstrings]") {
  Fixture f;
  auto ex = std::make_shared<FakeExchange>();
  f.cfg.summary_provider = [&ex](int) {
    return std::make_unique<DisconnectingProvider>(ex->cancel);
  };
  f.router.dispatch({"POST", "/v1/docstrings", "", json{{"code", "def g():\n    pass\n"}}.dump()},
                    ex);
  for (int i = 0; i < 500 && f.stats.cancelled + f.stats.completed == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(f.stats.cancelled == 1);
  CHECK(f.stats.completed == 0);
}

TEST_CASE("one request's definitions are shared with an idle worker, in order",
          "[api][docstrings]") {
  std::string code;
  for (int i = 0; i < 12; ++i) code += "def f" + std::to_string(i) + "(x):\n    return x\n\n";
  Meeting meet;
  Fixture two(2);
  two.cfg.summary_provider = [&meet](int) { return std::make_unique<MeetingProvider>(meet); };
  auto shared = two.post({{"code", code}});
  REQUIRE(shared->status == 200);
  CHECK(meet.seen.size() == 2);
  CHECK_FALSE(meet.gave_up);
  const auto& docs = shared->json["docstrings"];
  REQUIRE(docs.size() == 13); // the module, then f0..f11 in file order
  for (int i = 0; i < 12; ++i)
    CHECK(docs[i + 1]["docstring"].get<std::string>().starts_with("Summary of f" +
                                                                  std::to_string(i) + "."));
  // One worker gives the same response (its lone thread stops waiting after the first call).
  Meeting alone;
  alone.gave_up = true;
  Fixture one(1);
  one.cfg.summary_provider = [&alone](int) { return std::make_unique<MeetingProvider>(alone); };
  auto single = one.post({{"code", code}});
  REQUIRE(single->status == 200);
  CHECK(alone.seen.size() == 1);
  CHECK(single->json == shared->json);
}
