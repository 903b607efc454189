// POST /v1/docstrings through the router (heuristic prose, and an injected provider).
#include "api/service.h"
#include "fake_exchange.h"

#include <catch2/catch.hpp>

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

struct Fixture {
  Fixture() : runner(model, 1), pool(1, 4), service{cfg, "m", 0, runner, pool, stats, {}} {
    add_docstring_routes(router, service);
  }
  ~Fixture() { pool.stop(); }
  std::shared_ptr<FakeExchange> post(const json& body) {
    auto ex = std::make_shared<FakeExchange>();
    router.dispatch({"POST", "/v1/docstrings", "", body.dump()}, ex);
    REQUIRE(ex->wait());
    return ex;
  }
  model::Model model; // never used by this endpoint
  ServerConfig cfg;
  Stats stats;
  ModelRunner runner;
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
