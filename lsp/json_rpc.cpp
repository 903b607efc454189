#include "json_rpc.h"

namespace axl::lsp {

json make_response(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error(const json& id, int code, const std::string& message) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json make_notification(const std::string& method, json params) {
  return json{{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

json make_request(const json& id, const std::string& method, json params) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
}

bool is_valid_id(const json& id) {
  return id.is_number_integer() || id.is_string();
}

std::string dump_message(const json& message) {
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace axl::lsp
