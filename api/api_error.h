// Errors in OpenAI's shape: {"error": {"message", "type", "param", "code"}} with an HTTP status.
// Handlers throw ApiError; the router turns it into the response.
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace axl::api {

struct ApiError : std::runtime_error {
  int status;
  std::string type;  // "invalid_request_error", "authentication_error", "server_error", ...
  std::string param; // the offending field ("" -> null)
  std::string code;  // machine-readable detail ("" -> null)

  ApiError(int status, std::string message, std::string type, std::string param = "",
           std::string code = "")
      : std::runtime_error(std::move(message)), status(status), type(std::move(type)),
        param(std::move(param)), code(std::move(code)) {}
};

// 400 for a field with a wrong type or value.
ApiError invalid_request(std::string message, std::string param = "", std::string code = "");

nlohmann::json error_body(const ApiError& e);

} // namespace axl::api
