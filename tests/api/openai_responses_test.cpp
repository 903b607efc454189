#include "api/chat_template.h"
#include "api/openai_responses.h"
#include "api/sse.h"

#include <catch2/catch.hpp>

using namespace axl::api;
using nlohmann::json;

TEST_CASE("completion response shape", "[api][responses]") {
  auto j = completion_response("cmpl-1", 42, "m", {{0, "abc", "length"}, {1, "d", "stop"}}, {5, 4});
  CHECK(j["id"] == "cmpl-1");
  CHECK(j["object"] == "text_completion");
  CHECK(j["created"] == 42);
  CHECK(j["model"] == "m");
  REQUIRE(j["choices"].size() == 2);
  CHECK(j["choices"][0] ==
        json{{"text", "abc"}, {"index", 0}, {"logprobs", nullptr}, {"finish_reason", "length"}});
  CHECK(j["usage"] == json{{"prompt_tokens", 5}, {"completion_tokens", 4}, {"total_tokens", 9}});
}

TEST_CASE("chat response and chunk shapes", "[api][responses]") {
  auto j = chat_response("chatcmpl-1", 1, "m", {{0, "hi", "stop"}}, {2, 3});
  CHECK(j["object"] == "chat.completion");
  CHECK(j["choices"][0]["message"] == json{{"role", "assistant"}, {"content", "hi"}});
  CHECK(j["choices"][0]["finish_reason"] == "stop");
  auto c = chat_chunk("chatcmpl-1", 1, "m", 0, {{"content", "x"}}, "");
  CHECK(c["object"] == "chat.completion.chunk");
  CHECK(c["choices"][0]["delta"]["content"] == "x");
  CHECK(c["choices"][0]["finish_reason"].is_null());
  auto last = chat_chunk("chatcmpl-1", 1, "m", 0, json::object(), "length");
  CHECK(last["choices"][0]["finish_reason"] == "length");
  auto u = usage_chunk("chat.completion.chunk", "chatcmpl-1", 1, "m", {1, 2});
  CHECK(u["choices"].empty());
  CHECK(u["usage"]["total_tokens"] == 3);
}

TEST_CASE("models list shape", "[api][responses]") {
  auto j = model_list("axl-docs-lion", 7);
  CHECK(j == json{{"object", "list"},
                  {"data",
                   {{{"id", "axl-docs-lion"},
                     {"object", "model"},
                     {"created", 7},
                     {"owned_by", "axl-docs"}}}}});
}

TEST_CASE("response ids are prefixed and unique", "[api][responses]") {
  auto a = new_response_id("cmpl-"), b = new_response_id("cmpl-");
  CHECK(a.rfind("cmpl-", 0) == 0);
  CHECK(a.size() == 5 + 24);
  CHECK(a != b);
}

TEST_CASE("dump never throws on invalid UTF-8", "[api][responses]") {
  CHECK(dump(json{{"t", std::string("a\xff")}}) == "{\"t\":\"a\xEF\xBF\xBD\"}");
}

TEST_CASE("SSE events", "[api][sse]") {
  CHECK(sse_event(json{{"a", 1}}) == "data: {\"a\":1}\n\n");
  CHECK(kSseDone == "data: [DONE]\n\n");
}

TEST_CASE("Utf8Chunker holds back unfinished characters", "[api][sse]") {
  Utf8Chunker c;
  const std::string euro = "\xE2\x82\xAC"; // U+20AC, 3 bytes
  CHECK(c.push("a") == "a");
  CHECK(c.push(euro.substr(0, 1)).empty());
  CHECK(c.push(euro.substr(1, 1)).empty());
  CHECK(c.push(euro.substr(2) + "b") == euro + "b");
  const std::string emoji = "\xF0\x9F\x98\x80"; // 4 bytes
  CHECK(c.push(std::string("x").append(emoji, 0, 3)) == "x");
  CHECK(c.push(emoji.substr(3)) == emoji);
  CHECK(c.finish().empty());
}

TEST_CASE("Utf8Chunker replaces invalid bytes", "[api][sse]") {
  Utf8Chunker c;
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(c.push("\xFF"
               "a") == fffd + "a");
  CHECK(c.push("\xC3").empty());       // could start a 2-byte character
  CHECK(c.push("z") == fffd + "z");    // ... but did not
  CHECK(c.push("\xE2\x82").empty());   // unfinished at the end of the generation
  const std::string rest = c.finish(); // U+FFFD per bad byte or per sequence: model's policy
  REQUIRE_FALSE(rest.empty());
  for (size_t i = 0; i < rest.size(); i += 3) CHECK(rest.substr(i, 3) == fffd);
}

TEST_CASE("chat template", "[api][chat]") {
  CHECK(render_chat_prompt({{"system", "Be brief."}, {"user", "Hi"}}) ==
        "### System\nBe brief.\n\n### User\nHi\n\n### Assistant\n");
  CHECK(render_chat_prompt({{"developer", "D"}, {"tool", "T"}, {"user", "U"}}) ==
        "### System\nD\n\n### Tool\nT\n\n### User\nU\n\n### Assistant\n");
  // A final assistant message is continued, not closed.
  CHECK(render_chat_prompt({{"user", "Q"}, {"assistant", "def f("}}) ==
        "### User\nQ\n\n### Assistant\ndef f(");
  CHECK(kChatTurnStop == "\n### ");
}
