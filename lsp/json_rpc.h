// JSON-RPC 2.0 building blocks shared by the transport and the server: error codes, message
// shapes and a serializer that never throws on text that is not valid UTF-8.
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace axl::lsp {

using json = nlohmann::json;

namespace error_code {
inline constexpr int ParseError = -32700;
inline constexpr int InvalidRequest = -32600;
inline constexpr int MethodNotFound = -32601;
inline constexpr int InvalidParams = -32602;
inline constexpr int InternalError = -32603;
inline constexpr int ServerNotInitialized = -32002;
inline constexpr int RequestFailed = -32803;
inline constexpr int ServerCancelled = -32802;
inline constexpr int ContentModified = -32801;
inline constexpr int RequestCancelled = -32800;
} // namespace error_code

// Thrown by handlers and protocol parsing; the server turns it into an error reply.
struct RpcError : std::runtime_error {
  int code;
  RpcError(int c, const std::string& message) : std::runtime_error(message), code(c) {}
};

json make_response(const json& id, json result);
json make_error(const json& id, int code, const std::string& message);
json make_notification(const std::string& method, json params);
json make_request(const json& id, const std::string& method, json params);

// A valid request id is an integer or a string (null only appears in error replies).
bool is_valid_id(const json& id);

// Serializes with invalid UTF-8 replaced by U+FFFD, so a bad document can never make a reply throw.
std::string dump_message(const json& message);

} // namespace axl::lsp
