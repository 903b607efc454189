#include "api/router.h"

#include "api/api_error.h"

#include <cstdio>

namespace axl::api {

namespace {

bool matches(const std::string& path, const std::string& route, bool prefix) {
  if (!prefix) return path == route;
  return path.size() > route.size() && path.compare(0, route.size(), route) == 0;
}

// Constant-time comparison, so response timing does not reveal how much of a key was right.
bool same_secret(const std::string& a, const std::string& b) {
  unsigned diff = a.size() != b.size();
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(i < b.size() ? b[i] : 0);
  return diff == 0;
}

} // namespace

void Router::add(std::string method, std::string path, Handler handler, bool open) {
  routes_.push_back({std::move(method), std::move(path), false, open, std::move(handler)});
}

void Router::add_prefix(std::string method, std::string prefix, Handler handler) {
  routes_.push_back({std::move(method), std::move(prefix), true, false, std::move(handler)});
}

bool Router::authorized(const Request& req) const {
  if (api_key_.empty()) return true;
  constexpr std::string_view kBearer = "Bearer ";
  if (req.authorization.size() <= kBearer.size() ||
      req.authorization.compare(0, kBearer.size(), kBearer) != 0)
    return false;
  return same_secret(req.authorization.substr(kBearer.size()), api_key_);
}

void Router::dispatch(const Request& req, const std::shared_ptr<Exchange>& ex) const {
  try {
    const Route* found = nullptr;
    std::string allowed;
    for (const auto& r : routes_) {
      if (!matches(req.path, r.path, r.prefix)) continue;
      if (r.method == req.method) {
        found = &r;
        break;
      }
      allowed += allowed.empty() ? r.method : ", " + r.method;
    }
    const bool open = found && found->open;
    if (!open && !authorized(req))
      throw ApiError(401,
                     req.authorization.empty()
                         ? "You didn't provide an API key. Send it as 'Authorization: Bearer KEY'."
                         : "Incorrect API key provided.",
                     "invalid_request_error", "", "invalid_api_key");
    if (!found && !allowed.empty()) {
      ApiError e(405,
                 "Method " + req.method + " is not allowed for " + req.path +
                     " (allowed: " + allowed + ").",
                 "invalid_request_error", "", "method_not_allowed");
      ex->reply(e.status, error_body(e), {{"Allow", allowed}});
      return;
    }
    if (!found)
      throw ApiError(404, "Unknown path: " + req.method + " " + req.path + ".",
                     "invalid_request_error", "", "unknown_url");
    const std::string param = found->prefix ? req.path.substr(found->path.size()) : "";
    found->handler(req, param, ex);
  } catch (const ApiError& e) {
    // 503 means "busy, try again": clients (the OpenAI SDKs) honour Retry-After.
    ex->reply(e.status, error_body(e), e.status == 503 ? Headers{{"Retry-After", "1"}} : Headers{});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "axl-docs serve: %s %s: %s\n", req.method.c_str(), req.path.c_str(),
                 e.what());
    ex->reply(500, error_body(ApiError(500, "Internal server error.", "server_error")));
  }
}

} // namespace axl::api
