// Request bodies of /v1/completions and /v1/chat/completions: JSON -> validated structs.
// Every wrong type or out-of-range value is a 400 ApiError naming the field (param).
#pragma once

#include "model/sampler.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace axl::api {

struct RequestLimits {
  int max_tokens = 8192; // upper bound for max_tokens
  int max_n = 16;        // choices per prompt
  int max_prompts = 16;  // prompts in one /v1/completions request
};

// Fields shared by both endpoints.
struct CommonParams {
  std::string model; // "" when the client sent none (the loaded model is used)
  int max_tokens = 16;
  model::SamplerParams sampling; // temperature 0.8, top_k 40, top_p 1 unless given
  std::optional<uint64_t> seed;  // absent: a random seed per request
  std::vector<std::string> stop;
  int n = 1;
  bool stream = false;
  bool include_usage = false; // stream_options.include_usage: a last chunk carrying usage
  bool ignore_eos = false;    // extension (as in vLLM): generate until max_tokens or a stop
};

struct CompletionRequest : CommonParams {
  std::vector<std::string> prompts; // one choice group per prompt
  bool echo = false;
};

struct ChatMessage {
  std::string role; // system, developer, user, assistant, tool
  std::string content;
};

struct ChatRequest : CommonParams {
  std::vector<ChatMessage> messages;
};

// A JSON object, or 400 (invalid JSON / not an object).
nlohmann::json parse_json_body(std::string_view body);

CompletionRequest parse_completion_request(const nlohmann::json& body, const RequestLimits& limits);
ChatRequest parse_chat_request(const nlohmann::json& body, const RequestLimits& limits);

} // namespace axl::api
