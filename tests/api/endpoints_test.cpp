// The OpenAI endpoints on a tiny random-weight model, through the router with a fake exchange.
#include "api/service.h"
#include "fake_exchange.h"
#include "model/tokenizer.h"

#include <catch2/catch.hpp>

#include <future>
#include <set>
#include <thread>

using namespace axl;
using namespace axl::api;
using axl::api::test::FakeExchange;
using nlohmann::json;

namespace {

model::Model tiny_model() {
  auto p = std::make_shared<model::ParamBuffer>(model::Config::tiny());
  model::init_random(*p, 7, 0.5f); // large weights: varied, decisive logits
  return model::model_from_params(p);
}

struct Fixture {
  explicit Fixture(int workers = 2, size_t queue = 8)
      : generator(model, workers, queue, 1),
        pool(workers, queue), service{cfg, "tiny", 123, generator, pool, stats, RequestLimits{}} {
    service.limits.max_tokens = 1 << 20;
    add_openai_routes(router, service);
    add_docstring_routes(router, service);
  }
  ~Fixture() {
    pool.stop();
    generator.stop();
  }

  std::shared_ptr<FakeExchange> send(const std::string& method, const std::string& path,
                                     const json& body = nullptr,
                                     std::shared_ptr<FakeExchange> ex = nullptr) {
    if (!ex) ex = std::make_shared<FakeExchange>();
    router.dispatch({method, path, "", body.is_null() ? "" : body.dump()}, ex);
    return ex;
  }
  std::shared_ptr<FakeExchange> post(const std::string& path, const json& body) {
    auto ex = send("POST", path, body);
    REQUIRE(ex->wait());
    return ex;
  }

  model::Model model = tiny_model();
  ServerConfig cfg;
  Stats stats;
  BatchGenerator generator;
  WorkerPool pool;
  Service service;
  Router router;
};

std::string streamed_text(const FakeExchange& ex, bool chat) {
  std::string text;
  for (const auto& e : ex.event_json())
    for (const auto& c : e["choices"]) {
      if (!chat)
        text += c["text"].get<std::string>();
      else if (c["delta"].contains("content"))
        text += c["delta"]["content"].get<std::string>();
    }
  return text;
}

} // namespace

TEST_CASE("completion: shape, usage in bytes, length limit", "[api][endpoints]") {
  Fixture f;
  auto ex =
      f.post("/v1/completions",
             {{"prompt", "def f(x):"}, {"max_tokens", 12}, {"seed", 1}, {"ignore_eos", true}});
  REQUIRE(ex->status == 200);
  const auto& j = ex->json;
  CHECK(j["object"] == "text_completion");
  CHECK(j["model"] == "tiny");
  CHECK(j["id"].get<std::string>().rfind("cmpl-", 0) == 0);
  REQUIRE(j["choices"].size() == 1);
  CHECK(j["choices"][0]["index"] == 0);
  CHECK(j["choices"][0]["finish_reason"] == "length");
  CHECK(j["choices"][0]["logprobs"].is_null());
  CHECK(j["usage"]["prompt_tokens"] == 9);
  CHECK(j["usage"]["completion_tokens"] == 12);
  CHECK(j["usage"]["total_tokens"] == 21);
  CHECK(f.stats.completed == 1);
}

TEST_CASE("completion: a seed makes the text reproducible", "[api][endpoints]") {
  Fixture f;
  const json body = {{"prompt", "x = "}, {"max_tokens", 16}, {"seed", 42}, {"ignore_eos", true}};
  auto a = f.post("/v1/completions", body), b = f.post("/v1/completions", body);
  CHECK(a->json["choices"][0]["text"] == b->json["choices"][0]["text"]);
}

TEST_CASE("completion: prompts x n choices, indexed prompt-major", "[api][endpoints]") {
  Fixture f;
  auto ex = f.post("/v1/completions", {{"prompt", {"ab", "cde"}},
                                       {"n", 2},
                                       {"max_tokens", 4},
                                       {"seed", 3},
                                       {"echo", true},
                                       {"ignore_eos", true}});
  REQUIRE(ex->status == 200);
  const auto& choices = ex->json["choices"];
  REQUIRE(choices.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(choices[i]["index"] == i);
  CHECK(choices[0]["text"].get<std::string>().rfind("ab", 0) == 0); // echo
  CHECK(choices[3]["text"].get<std::string>().rfind("cde", 0) == 0);
  CHECK(ex->json["usage"]["prompt_tokens"] == 5); // each prompt counted once
  CHECK(ex->json["usage"]["completion_tokens"] == 16);
}

TEST_CASE("completion: a stop sequence ends the text before it", "[api][endpoints]") {
  Fixture f;
  const json greedy = {
      {"prompt", "s"}, {"max_tokens", 40}, {"temperature", 0}, {"ignore_eos", true}};
  const std::string raw = f.post("/v1/completions", greedy)->json["choices"][0]["text"];
  // An ASCII character of the greedy text (never part of a multi-byte sequence).
  size_t k = 1;
  while (k < raw.size() && (static_cast<unsigned char>(raw[k]) >= 0x80 || raw[k] == raw[0])) ++k;
  REQUIRE(k < raw.size()); // deterministic: greedy decoding of a fixed random model
  const std::string stop(1, raw[k]);
  json body = greedy;
  body["stop"] = stop;
  auto ex = f.post("/v1/completions", body);
  CHECK(ex->json["choices"][0]["text"] == raw.substr(0, raw.find(stop)));
  CHECK(ex->json["choices"][0]["finish_reason"] == "stop");
}

TEST_CASE("completion: streaming sends the same text in chunks, then [DONE]", "[api][endpoints]") {
  Fixture f;
  json body = {{"prompt", "def f(x):"}, {"max_tokens", 30}, {"seed", 5}, {"ignore_eos", true}};
  const std::string whole = f.post("/v1/completions", body)->json["choices"][0]["text"];
  body["stream"] = true;
  body["stream_options"] = {{"include_usage", true}};
  auto ex = f.post("/v1/completions", body);
  CHECK(ex->opened);
  CHECK(ex->closed);
  CHECK(ex->replies == 0);
  REQUIRE(ex->events.size() >= 3);
  CHECK(ex->events.back() == "data: [DONE]\n\n");
  const auto events = ex->event_json();
  CHECK(streamed_text(*ex, false) == whole);
  std::set<std::string> ids;
  for (const auto& e : events) ids.insert(e["id"].get<std::string>());
  CHECK(ids.size() == 1);
  const auto& last_choice = events[events.size() - 2]["choices"][0];
  CHECK(last_choice["finish_reason"] == "length");
  CHECK(events.back()["choices"].empty());
  CHECK(events.back()["usage"]["completion_tokens"] == 30);
}

TEST_CASE("chat: reply and stream shapes", "[api][endpoints]") {
  Fixture f;
  json body = {{"messages", {{{"role", "user"}, {"content", "hello"}}}},
               {"max_tokens", 10},
               {"seed", 9},
               {"model", "tiny"}};
  auto ex = f.post("/v1/chat/completions", body);
  REQUIRE(ex->status == 200);
  CHECK(ex->json["object"] == "chat.completion");
  CHECK(ex->json["id"].get<std::string>().rfind("chatcmpl-", 0) == 0);
  const auto& msg = ex->json["choices"][0]["message"];
  CHECK(msg["role"] == "assistant");
  const std::string content = msg["content"];
  CHECK(content.find("\n### ") == std::string::npos); // the turn stop
  // prompt = "### User\nhello\n\n### Assistant\n"
  CHECK(ex->json["usage"]["prompt_tokens"] == 30);

  body["stream"] = true;
  auto st = f.post("/v1/chat/completions", body);
  const auto events = st->event_json();
  REQUIRE(events.size() >= 2);
  CHECK(events.front()["object"] == "chat.completion.chunk");
  CHECK(events.front()["choices"][0]["delta"] == json{{"role", "assistant"}, {"content", ""}});
  CHECK(events.back()["choices"][0]["delta"] == json::object());
  CHECK(events.back()["choices"][0]["finish_reason"] == ex->json["choices"][0]["finish_reason"]);
  CHECK(streamed_text(*st, true) == content);
  CHECK(st->events.back() == "data: [DONE]\n\n");
}

TEST_CASE("models, health and unknown models", "[api][endpoints]") {
  Fixture f;
  auto models = f.send("GET", "/v1/models");
  CHECK(models->json["data"][0]["id"] == "tiny");
  CHECK(f.send("GET", "/v1/models/tiny")->json["id"] == "tiny");
  auto missing = f.send("GET", "/v1/models/gpt-4");
  CHECK(missing->status == 404);
  CHECK(missing->json["error"]["code"] == "model_not_found");
  auto wrong = f.send("POST", "/v1/completions", {{"prompt", "x"}, {"model", "gpt-4"}});
  CHECK(wrong->status == 404);
  CHECK(wrong->json["error"]["param"] == "model");
  auto health = f.send("GET", "/health");
  CHECK(health->json["status"] == "ok");
  CHECK(health->json["workers"] == 2);
  CHECK(health->json["queued"] == 0);
}

TEST_CASE("a client gone before its job starts costs no generation", "[api][endpoints]") {
  Fixture f;
  auto ex = std::make_shared<FakeExchange>();
  ex->cancel = true;
  f.send("POST", "/v1/completions", {{"prompt", "x"}, {"max_tokens", 5}}, ex);
  f.generator.stop();
  CHECK(ex->replies == 0);
  CHECK(f.stats.cancelled == 1);
  CHECK(f.stats.completed == 0);
}

TEST_CASE("cancelling mid-stream stops the generation", "[api][endpoints]") {
  Fixture f;
  auto ex = std::make_shared<FakeExchange>();
  ex->on_event = [raw = ex.get()](size_t n) {
    if (n == 3) raw->cancel = true;
  };
  f.send("POST", "/v1/completions",
         {{"prompt", "x"}, {"max_tokens", 1000000}, {"stream", true}, {"ignore_eos", true}}, ex);
  for (int i = 0; i < 1000 && f.stats.cancelled == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(f.stats.cancelled == 1);
  CHECK(ex->events.size() < 10);
  CHECK_FALSE(ex->closed); // no [DONE] for a client that is gone
}

TEST_CASE("a full queue answers 503 at once", "[api][endpoints]") {
  Fixture f(1, 1); // one batch row, one place in the queue
  auto busy = std::make_shared<FakeExchange>();
  std::promise<void> first_event;
  busy->on_event = [&first_event](size_t n) {
    if (n == 1) first_event.set_value();
  };
  f.send("POST", "/v1/completions",
         {{"prompt", "x"}, {"max_tokens", 1000000}, {"stream", true}, {"ignore_eos", true}}, busy);
  first_event.get_future().wait(); // the row is taken
  auto queued = f.send("POST", "/v1/completions", {{"prompt", "x"}, {"max_tokens", 2}});
  auto refused = f.send("POST", "/v1/completions", {{"prompt", "x"}, {"max_tokens", 2}});
  CHECK(refused->status == 503);
  CHECK(refused->json["error"]["code"] == "server_overloaded");
  CHECK(refused->json["error"]["type"] == "server_error");
  CHECK(f.stats.rejected == 1);
  CHECK(f.generator.running() == 1);
  CHECK(f.generator.queued() == 1);
  busy->cancel = true; // frees the row: the queued request runs
  REQUIRE(queued->wait());
  CHECK(queued->status == 200);
  CHECK(f.stats.cancelled == 1);
}

TEST_CASE("a request for more choices than rows + queue is a 400, not a 503", "[api][endpoints]") {
  Fixture f(2, 3); // 2 rows, 3 queue places: at most 5 choices
  auto ok = f.post("/v1/completions", {{"prompt", "x"}, {"max_tokens", 1}, {"n", 5}});
  CHECK(ok->status == 200);
  CHECK(ok->json["choices"].size() == 5);
  auto big =
      f.post("/v1/completions", {{"prompt", {"a", "b"}}, {"max_tokens", 1}, {"n", 3}}); // 6 choices
  CHECK(big->status == 400);
  CHECK(big->json["error"]["code"] == "too_many_choices");
  CHECK(big->json["error"]["param"] == "n");
  CHECK(f.stats.rejected == 0);
}
