#include "api/openai_requests.h"

#include "api/api_error.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace axl::api {

using nlohmann::json;

namespace {

const char* type_name(const json& v) {
  switch (v.type()) {
  case json::value_t::string:
    return "a string";
  case json::value_t::boolean:
    return "a boolean";
  case json::value_t::array:
    return "an array";
  case json::value_t::object:
    return "an object";
  case json::value_t::number_float:
    return "a decimal number";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
    return "an integer";
  default:
    return "null";
  }
}

ApiError wrong_type(const std::string& name, const char* expected, const json& got) {
  return invalid_request(fmt::format("Invalid type for '{}': expected {}, but got {} instead.",
                                     name, expected, type_name(got)),
                         name, "invalid_type");
}

ApiError out_of_range(const std::string& name, const std::string& what) {
  return invalid_request(fmt::format("Invalid value for '{}': {}", name, what), name,
                         "invalid_value");
}

ApiError unsupported(const std::string& name, const std::string& what) {
  return invalid_request(fmt::format("'{}' is not supported by this server: {}", name, what), name,
                         "unsupported_parameter");
}

// The field, or nullptr when absent or null (clients send null for "default").
const json* field(const json& o, const char* name) {
  auto it = o.find(name);
  return it == o.end() || it->is_null() ? nullptr : &*it;
}

double number(const json& v, const char* name, double lo, double hi) {
  if (!v.is_number()) throw wrong_type(name, "a number", v);
  const double x = v.get<double>();
  if (!(x >= lo && x <= hi))
    throw out_of_range(name, fmt::format("{} is not between {} and {}.", x, lo, hi));
  return x;
}

int64_t integer(const json& v, const char* name, int64_t lo, int64_t hi) {
  int64_t x = 0;
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > static_cast<uint64_t>(hi))
      throw out_of_range(name, fmt::format("{} is not between {} and {}.", v.dump(), lo, hi));
    x = static_cast<int64_t>(v.get<uint64_t>());
  } else if (v.is_number_integer()) {
    x = v.get<int64_t>();
  } else if (const double d = v.is_number_float() ? v.get<double>() : 0.5;
             std::trunc(d) == d && std::fabs(d) < 9e18) {
    x = static_cast<int64_t>(d); // 3.0 from a JavaScript client is an integer too
  } else {
    throw wrong_type(name, "an integer", v);
  }
  if (x < lo || x > hi)
    throw out_of_range(name, fmt::format("{} is not between {} and {}.", x, lo, hi));
  return x;
}

bool boolean(const json& v, const char* name) {
  if (!v.is_boolean()) throw wrong_type(name, "a boolean", v);
  return v.get<bool>();
}

std::string string(const json& v, const std::string& name) {
  if (!v.is_string()) throw wrong_type(name, "a string", v);
  return v.get<std::string>();
}

// A token array: ids are bytes (this model's tokens), so they map back to text exactly.
std::string bytes_from_tokens(const json& arr, const std::string& name) {
  std::string out;
  for (const auto& t : arr) {
    if (!t.is_number_integer() || t.get<int64_t>() < 0 || t.get<int64_t>() > 255)
      throw invalid_request(
          fmt::format("Invalid value for '{}': tokens are bytes, integers 0-255.", name), name,
          "invalid_value");
    out.push_back(static_cast<char>(t.get<int>()));
  }
  return out;
}

std::vector<std::string> parse_prompts(const json& body, const RequestLimits& limits) {
  const json* p = field(body, "prompt");
  if (!p)
    throw invalid_request("Missing required parameter: 'prompt'.", "prompt",
                          "missing_required_parameter");
  if (p->is_string()) return {p->get<std::string>()};
  if (!p->is_array()) throw wrong_type("prompt", "a string or an array", *p);
  if (p->empty()) throw out_of_range("prompt", "the array is empty.");
  if (p->at(0).is_number()) return {bytes_from_tokens(*p, "prompt")};
  if (static_cast<int>(p->size()) > limits.max_prompts)
    throw out_of_range("prompt",
                       fmt::format("at most {} prompts per request.", limits.max_prompts));
  std::vector<std::string> out;
  for (const auto& item : *p) {
    if (item.is_string())
      out.push_back(item.get<std::string>());
    else if (item.is_array())
      out.push_back(bytes_from_tokens(item, "prompt"));
    else
      throw wrong_type("prompt", "strings or token arrays", item);
  }
  return out;
}

std::vector<std::string> parse_stop(const json& body) {
  const json* s = field(body, "stop");
  if (!s) return {};
  std::vector<std::string> out;
  if (s->is_string())
    out.push_back(s->get<std::string>());
  else if (s->is_array())
    for (const auto& item : *s) out.push_back(string(item, "stop"));
  else
    throw wrong_type("stop", "a string or an array of strings", *s);
  if (out.size() > 4) throw out_of_range("stop", "at most 4 stop sequences.");
  for (const auto& x : out)
    if (x.empty() || x.size() > 256)
      throw out_of_range("stop", "each stop sequence must have 1 to 256 bytes.");
  return out;
}

// Fields whose non-default values this server cannot honour: a clear 400 beats silently ignoring.
void reject_unsupported(const json& body, bool chat) {
  if (const json* lb = field(body, "logit_bias"); lb && !(lb->is_object() && lb->empty()))
    throw unsupported("logit_bias", "logit biases are not implemented.");
  if (const json* lp = field(body, "logprobs")) {
    const bool on =
        lp->is_boolean() ? lp->get<bool>() : !(lp->is_number() && lp->get<double>() == 0);
    if (on) throw unsupported("logprobs", "log probabilities are not returned.");
  }
  if (chat) {
    if (const json* tools = field(body, "tools"); tools && !(tools->is_array() && tools->empty()))
      throw unsupported("tools", "tool calling is not implemented.");
    if (field(body, "functions"))
      throw unsupported("functions", "function calling is not implemented.");
    if (const json* rf = field(body, "response_format")) {
      const json* t = rf->is_object() ? field(*rf, "type") : nullptr;
      if (!t || !t->is_string() || t->get<std::string>() != "text")
        throw unsupported("response_format", "only {\"type\": \"text\"} is supported.");
    }
  } else {
    if (const json* sfx = field(body, "suffix");
        sfx && !(sfx->is_string() && sfx->get<std::string>().empty()))
      throw unsupported("suffix", "insertion (suffix) is not implemented.");
    if (const json* bo = field(body, "best_of");
        bo && integer(*bo, "best_of", 1, std::numeric_limits<int64_t>::max()) != 1)
      throw unsupported("best_of", "only best_of = 1.");
  }
}

void parse_common(const json& body, const RequestLimits& limits, CommonParams& p) {
  if (const json* v = field(body, "model")) p.model = string(*v, "model");
  if (const json* v = field(body, "temperature"))
    p.sampling.temperature = static_cast<float>(number(*v, "temperature", 0.0, 2.0));
  if (const json* v = field(body, "top_p"))
    p.sampling.top_p = static_cast<float>(number(*v, "top_p", 0.0, 1.0));
  if (const json* v = field(body, "top_k"))
    p.sampling.top_k = static_cast<int>(integer(*v, "top_k", -1, 1 << 20));
  if (const json* v = field(body, "seed"))
    p.seed = static_cast<uint64_t>(integer(*v, "seed", INT64_MIN, INT64_MAX));
  if (const json* v = field(body, "n")) p.n = static_cast<int>(integer(*v, "n", 1, limits.max_n));
  if (const json* v = field(body, "stream")) p.stream = boolean(*v, "stream");
  if (const json* v = field(body, "stream_options")) {
    if (!v->is_object()) throw wrong_type("stream_options", "an object", *v);
    if (const json* u = field(*v, "include_usage"))
      p.include_usage = boolean(*u, "stream_options.include_usage");
  }
  if (const json* v = field(body, "ignore_eos")) p.ignore_eos = boolean(*v, "ignore_eos");
  for (const char* name : {"presence_penalty", "frequency_penalty"})
    if (const json* v = field(body, name)) number(*v, name, -2.0, 2.0); // accepted, no effect
  if (const json* v = field(body, "user")) string(*v, "user");
  p.stop = parse_stop(body);
}

std::string message_content(const json& msg, size_t i) {
  const std::string name = fmt::format("messages[{}].content", i);
  const json* c = field(msg, "content");
  if (!c) return "";
  if (c->is_string()) return c->get<std::string>();
  if (!c->is_array()) throw wrong_type(name, "a string or an array of content parts", *c);
  std::string out;
  for (const auto& part : *c) {
    const json* type = part.is_object() ? field(part, "type") : nullptr;
    if (!type || !type->is_string() || type->get<std::string>() != "text")
      throw unsupported(name, "only text content parts are supported.");
    const json* text = field(part, "text");
    if (!text) throw invalid_request(fmt::format("Missing 'text' in a part of '{}'.", name), name);
    if (!out.empty()) out += '\n';
    out += string(*text, name);
  }
  return out;
}

} // namespace

json parse_json_body(std::string_view body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    throw invalid_request("The request body is not valid JSON.", "", "invalid_json");
  if (!j.is_object())
    throw invalid_request("The request body must be a JSON object.", "", "invalid_json");
  return j;
}

CompletionRequest parse_completion_request(const json& body, const RequestLimits& limits) {
  CompletionRequest r;
  reject_unsupported(body, false);
  parse_common(body, limits, r);
  r.prompts = parse_prompts(body, limits);
  if (const json* v = field(body, "max_tokens"))
    r.max_tokens = static_cast<int>(integer(*v, "max_tokens", 0, limits.max_tokens));
  if (const json* v = field(body, "echo")) r.echo = boolean(*v, "echo");
  return r;
}

ChatRequest parse_chat_request(const json& body, const RequestLimits& limits) {
  ChatRequest r;
  r.max_tokens = 256; // chat clients rarely send max_tokens; a reply needs more than 16 bytes
  reject_unsupported(body, true);
  parse_common(body, limits, r);
  // max_completion_tokens is the newer name; it wins when both are given.
  for (const char* name : {"max_tokens", "max_completion_tokens"})
    if (const json* v = field(body, name))
      r.max_tokens = static_cast<int>(integer(*v, name, 1, limits.max_tokens));
  const json* msgs = field(body, "messages");
  if (!msgs)
    throw invalid_request("Missing required parameter: 'messages'.", "messages",
                          "missing_required_parameter");
  if (!msgs->is_array()) throw wrong_type("messages", "an array", *msgs);
  if (msgs->empty()) throw out_of_range("messages", "the array is empty.");
  static const char* const kRoles[] = {"system",    "developer", "user",
                                       "assistant", "tool",      "function"};
  for (size_t i = 0; i < msgs->size(); ++i) {
    const json& m = (*msgs)[i];
    const std::string name = fmt::format("messages[{}]", i);
    if (!m.is_object()) throw wrong_type(name, "an object", m);
    const json* role = field(m, "role");
    if (!role)
      throw invalid_request(fmt::format("Missing required parameter: '{}.role'.", name),
                            name + ".role", "missing_required_parameter");
    ChatMessage msg{string(*role, name + ".role"), message_content(m, i)};
    if (std::find(std::begin(kRoles), std::end(kRoles), msg.role) == std::end(kRoles))
      throw out_of_range(
          name + ".role",
          fmt::format("'{}' is not one of system, developer, user, assistant, tool.", msg.role));
    r.messages.push_back(std::move(msg));
  }
  return r;
}

} // namespace axl::api
