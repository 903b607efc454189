#include "api/openai_responses.h"

#include <mutex>
#include <random>

namespace axl::api {

using nlohmann::json;

namespace {
json reason_or_null(std::string_view r) {
  return r.empty() ? json() : json(std::string(r));
}
} // namespace

std::string new_response_id(std::string_view prefix) {
  static std::mutex mutex;
  static std::mt19937_64 rng{std::random_device{}()};
  static const char* const kHex = "0123456789abcdef";
  std::string id(prefix);
  std::lock_guard lock(mutex);
  for (int i = 0; i < 24; ++i) id.push_back(kHex[rng() & 15]);
  return id;
}

json usage_json(const Usage& u) {
  return {{"prompt_tokens", u.prompt_tokens},
          {"completion_tokens", u.completion_tokens},
          {"total_tokens", u.prompt_tokens + u.completion_tokens}};
}

json completion_response(const std::string& id, int64_t created, const std::string& model,
                         const std::vector<Choice>& choices, const Usage& usage) {
  json arr = json::array();
  for (const auto& c : choices)
    arr.push_back({{"text", c.text},
                   {"index", c.index},
                   {"logprobs", nullptr},
                   {"finish_reason", c.finish_reason}});
  return {{"id", id},       {"object", "text_completion"}, {"created", created},
          {"model", model}, {"choices", std::move(arr)},   {"usage", usage_json(usage)}};
}

json completion_chunk(const std::string& id, int64_t created, const std::string& model, int index,
                      std::string_view text, std::string_view finish_reason) {
  return {{"id", id},
          {"object", "text_completion"},
          {"created", created},
          {"model", model},
          {"choices", json::array({{{"text", std::string(text)},
                                    {"index", index},
                                    {"logprobs", nullptr},
                                    {"finish_reason", reason_or_null(finish_reason)}}})}};
}

json chat_response(const std::string& id, int64_t created, const std::string& model,
                   const std::vector<Choice>& choices, const Usage& usage) {
  json arr = json::array();
  for (const auto& c : choices)
    arr.push_back({{"index", c.index},
                   {"message", {{"role", "assistant"}, {"content", c.text}}},
                   {"logprobs", nullptr},
                   {"finish_reason", c.finish_reason}});
  return {{"id", id},       {"object", "chat.completion"}, {"created", created},
          {"model", model}, {"choices", std::move(arr)},   {"usage", usage_json(usage)}};
}

json chat_chunk(const std::string& id, int64_t created, const std::string& model, int index,
                json delta, std::string_view finish_reason) {
  return {{"id", id},
          {"object", "chat.completion.chunk"},
          {"created", created},
          {"model", model},
          {"choices", json::array({{{"index", index},
                                    {"delta", std::move(delta)},
                                    {"logprobs", nullptr},
                                    {"finish_reason", reason_or_null(finish_reason)}}})}};
}

json usage_chunk(std::string_view object, const std::string& id, int64_t created,
                 const std::string& model, const Usage& usage) {
  return {{"id", id},       {"object", std::string(object)}, {"created", created},
          {"model", model}, {"choices", json::array()},      {"usage", usage_json(usage)}};
}

json model_object(const std::string& id, int64_t created) {
  return {{"id", id}, {"object", "model"}, {"created", created}, {"owned_by", "axl-docs"}};
}

json model_list(const std::string& id, int64_t created) {
  return {{"object", "list"}, {"data", json::array({model_object(id, created)})}};
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace axl::api
