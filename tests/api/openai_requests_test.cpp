#include "api/api_error.h"
#include "api/openai_requests.h"

#include <catch2/catch.hpp>

using namespace axl::api;
using nlohmann::json;

namespace {

// The ApiError a parse throws (status 0 when it does not throw).
template <class F> ApiError error_of(F f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e;
  }
  return ApiError(0, "no error", "");
}

ApiError completion_error(const json& body) {
  return error_of([&] { parse_completion_request(body, RequestLimits{}); });
}
ApiError chat_error(const json& body) {
  return error_of([&] { parse_chat_request(body, RequestLimits{}); });
}

} // namespace

TEST_CASE("a minimal completion request gets the documented defaults", "[api][requests]") {
  auto r = parse_completion_request({{"prompt", "def f(x):"}}, RequestLimits{});
  REQUIRE(r.prompts == std::vector<std::string>{"def f(x):"});
  CHECK(r.model.empty());
  CHECK(r.max_tokens == 16);
  CHECK(r.n == 1);
  CHECK_FALSE(r.stream);
  CHECK_FALSE(r.echo);
  CHECK_FALSE(r.seed.has_value());
  CHECK(r.sampling.temperature == Approx(0.8));
  CHECK(r.sampling.top_k == 40);
  CHECK(r.sampling.top_p == Approx(1.0));
  CHECK(r.stop.empty());
}

TEST_CASE("every completion field is read", "[api][requests]") {
  auto r = parse_completion_request({{"model", "m"},
                                     {"prompt", json::array({"a", "b"})},
                                     {"max_tokens", 64},
                                     {"temperature", 0},
                                     {"top_p", 0.5},
                                     {"top_k", 7},
                                     {"stop", json::array({"\n", "\"\"\""})},
                                     {"n", 3},
                                     {"seed", -5},
                                     {"echo", true},
                                     {"stream", true},
                                     {"stream_options", {{"include_usage", true}}},
                                     {"ignore_eos", true},
                                     {"presence_penalty", 0.5},
                                     {"user", "me"},
                                     {"logprobs", nullptr},
                                     {"suffix", nullptr}},
                                    RequestLimits{});
  CHECK(r.model == "m");
  CHECK(r.prompts == std::vector<std::string>{"a", "b"});
  CHECK(r.max_tokens == 64);
  CHECK(r.sampling.temperature == 0.0f);
  CHECK(r.sampling.top_p == 0.5f);
  CHECK(r.sampling.top_k == 7);
  CHECK(r.stop == std::vector<std::string>{"\n", "\"\"\""});
  CHECK(r.n == 3);
  CHECK(*r.seed == static_cast<uint64_t>(int64_t{-5}));
  CHECK(r.echo);
  CHECK(r.stream);
  CHECK(r.include_usage);
  CHECK(r.ignore_eos);
}

TEST_CASE("prompts may be token arrays (tokens are bytes)", "[api][requests]") {
  auto one = parse_completion_request({{"prompt", {100, 101, 102}}}, RequestLimits{});
  CHECK(one.prompts == std::vector<std::string>{"def"});
  auto two = parse_completion_request({{"prompt", {{104, 105}, "x"}}}, RequestLimits{});
  CHECK(two.prompts == std::vector<std::string>{"hi", "x"});
  auto e = completion_error({{"prompt", {300}}});
  CHECK(e.status == 400);
  CHECK(e.param == "prompt");
}

TEST_CASE("a single stop string and 3.0 as an integer are accepted", "[api][requests]") {
  auto r = parse_completion_request({{"prompt", "x"}, {"stop", "\n\n"}, {"max_tokens", 3.0}},
                                    RequestLimits{});
  CHECK(r.stop == std::vector<std::string>{"\n\n"});
  CHECK(r.max_tokens == 3);
}

TEST_CASE("wrong types are 400s naming the field", "[api][requests]") {
  struct Case {
    json body;
    std::string param;
  };
  const std::vector<Case> cases = {
      {{{"prompt", 1}}, "prompt"},
      {{{"prompt", "x"}, {"max_tokens", "10"}}, "max_tokens"},
      {{{"prompt", "x"}, {"max_tokens", 1.5}}, "max_tokens"},
      {{{"prompt", "x"}, {"temperature", "hot"}}, "temperature"},
      {{{"prompt", "x"}, {"top_k", 0.5}}, "top_k"},
      {{{"prompt", "x"}, {"stop", 5}}, "stop"},
      {{{"prompt", "x"}, {"stop", {1}}}, "stop"},
      {{{"prompt", "x"}, {"stream", "yes"}}, "stream"},
      {{{"prompt", "x"}, {"echo", 1}}, "echo"},
      {{{"prompt", "x"}, {"model", 3}}, "model"},
      {{{"prompt", "x"}, {"seed", "1"}}, "seed"},
      {{{"prompt", "x"}, {"stream_options", true}}, "stream_options"},
  };
  for (const auto& c : cases) {
    INFO(c.body.dump());
    auto e = completion_error(c.body);
    CHECK(e.status == 400);
    CHECK(e.type == "invalid_request_error");
    CHECK(e.param == c.param);
    CHECK(e.code == "invalid_type");
  }
}

TEST_CASE("out-of-range values are 400s", "[api][requests]") {
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"prompt", "x"}, {"max_tokens", -1}}, "max_tokens"},
      {{{"prompt", "x"}, {"max_tokens", 100000}}, "max_tokens"},
      {{{"prompt", "x"}, {"temperature", 2.5}}, "temperature"},
      {{{"prompt", "x"}, {"temperature", -0.1}}, "temperature"},
      {{{"prompt", "x"}, {"top_p", 1.5}}, "top_p"},
      {{{"prompt", "x"}, {"top_k", -2}}, "top_k"},
      {{{"prompt", "x"}, {"n", 0}}, "n"},
      {{{"prompt", "x"}, {"n", 17}}, "n"},
      {{{"prompt", "x"}, {"stop", {"a", "b", "c", "d", "e"}}}, "stop"},
      {{{"prompt", "x"}, {"stop", ""}}, "stop"},
      {{{"prompt", json::array()}}, "prompt"},
      {{{"prompt", "x"}, {"presence_penalty", 3}}, "presence_penalty"},
      {{{"prompt", "x"}, {"seed", 18446744073709551615ull}}, "seed"},
  };
  for (const auto& [body, param] : cases) {
    INFO(body.dump());
    auto e = completion_error(body);
    CHECK(e.status == 400);
    CHECK(e.param == param);
  }
}

TEST_CASE("missing prompt and unsupported options are explained", "[api][requests]") {
  auto missing = completion_error({{"max_tokens", 5}});
  CHECK(missing.status == 400);
  CHECK(missing.code == "missing_required_parameter");
  CHECK(missing.param == "prompt");
  for (const auto& [body, param] : std::vector<std::pair<json, std::string>>{
           {{{"prompt", "x"}, {"logprobs", 2}}, "logprobs"},
           {{{"prompt", "x"}, {"logit_bias", {{"50", 1}}}}, "logit_bias"},
           {{{"prompt", "x"}, {"suffix", "tail"}}, "suffix"},
           {{{"prompt", "x"}, {"best_of", 2}}, "best_of"}}) {
    auto e = completion_error(body);
    CHECK(e.status == 400);
    CHECK(e.param == param);
    CHECK(e.code == "unsupported_parameter"); // as the README's table says
  }
  // Neutral values of the same options are fine.
  CHECK(completion_error({{"prompt", "x"},
                          {"logprobs", 0},
                          {"logit_bias", json::object()},
                          {"suffix", ""},
                          {"best_of", 1}})
            .status == 0);
}

TEST_CASE("chat requests: messages, content parts, token limits", "[api][requests]") {
  auto r = parse_chat_request(
      {{"messages",
        {{{"role", "system"}, {"content", "Be brief."}},
         {{"role", "user"},
          {"content", {{{"type", "text"}, {"text", "a"}}, {{"type", "text"}, {"text", "b"}}}}},
         {{"role", "assistant"}, {"content", nullptr}}}},
       {"max_tokens", 10},
       {"max_completion_tokens", 20}},
      RequestLimits{});
  REQUIRE(r.messages.size() == 3);
  CHECK(r.messages[0].role == "system");
  CHECK(r.messages[1].content == "a\nb");
  CHECK(r.messages[2].content.empty());
  CHECK(r.max_tokens == 20);
  CHECK(parse_chat_request({{"messages", {{{"role", "user"}, {"content", "hi"}}}}}, RequestLimits{})
            .max_tokens == 256);
}

TEST_CASE("bad chat requests are 400s", "[api][requests]") {
  const std::vector<std::pair<json, std::string>> cases = {
      {json::object(), "messages"},
      {{{"messages", "hi"}}, "messages"},
      {{{"messages", json::array()}}, "messages"},
      {{{"messages", {1}}}, "messages[0]"},
      {{{"messages", {{{"content", "x"}}}}}, "messages[0].role"},
      {{{"messages", {{{"role", "wizard"}, {"content", "x"}}}}}, "messages[0].role"},
      {{{"messages", {{{"role", "user"}, {"content", 5}}}}}, "messages[0].content"},
      {{{"messages", {{{"role", "user"}, {"content", {{{"type", "image_url"}}}}}}}},
       "messages[0].content"},
      {{{"messages", {{{"role", "user"}, {"content", "x"}}}}, {"max_tokens", 0}}, "max_tokens"},
      {{{"messages", {{{"role", "user"}, {"content", "x"}}}}, {"tools", {{{"type", "function"}}}}},
       "tools"},
      {{{"messages", {{{"role", "user"}, {"content", "x"}}}},
        {"response_format", {{"type", "json_object"}}}},
       "response_format"},
      {{{"messages", {{{"role", "user"}, {"content", "x"}}}}, {"logprobs", true}}, "logprobs"},
  };
  for (const auto& [body, param] : cases) {
    INFO(body.dump());
    auto e = chat_error(body);
    CHECK(e.status == 400);
    CHECK(e.param == param);
  }
}

TEST_CASE("request bodies must be JSON objects", "[api][requests]") {
  for (const char* body : {"", "{", "[1,2]", "\"x\"", "{\"a\":1} trailing"}) {
    INFO(body);
    auto e = error_of([&] { parse_json_body(body); });
    CHECK(e.status == 400);
    CHECK(e.code == "invalid_json");
  }
  CHECK(parse_json_body(R"({"a": 1})")["a"] == 1);
}

TEST_CASE("errors have OpenAI's shape", "[api][requests]") {
  auto body = error_body(invalid_request("Bad thing.", "top_p", "invalid_value"));
  CHECK(body == json{{"error",
                      {{"message", "Bad thing."},
                       {"type", "invalid_request_error"},
                       {"param", "top_p"},
                       {"code", "invalid_value"}}}});
  auto nulls = error_body(ApiError(500, "Oops.", "server_error"));
  CHECK(nulls["error"]["param"].is_null());
  CHECK(nulls["error"]["code"].is_null());
}
