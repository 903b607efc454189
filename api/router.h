// Method + path -> handler, with the API key check and the 401/404/405 answers. A handler either
// answers at once or hands the Exchange to a worker; an ApiError it throws becomes the answer.
#pragma once

#include "api/exchange.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace axl::api {

class Router {
public:
  // `param` is the rest of the path for prefix routes ("" otherwise).
  using Handler = std::function<void(const Request&, const std::string& param,
                                     const std::shared_ptr<Exchange>&)>;

  // Exact path; `open` routes need no API key (health checks).
  void add(std::string method, std::string path, Handler handler, bool open = false);
  // Every path starting with `prefix` that is longer than it (e.g. "/v1/models/" + id).
  void add_prefix(std::string method, std::string prefix, Handler handler);
  // Empty: no authentication.
  void set_api_key(std::string key) { api_key_ = std::move(key); }

  void dispatch(const Request& req, const std::shared_ptr<Exchange>& ex) const;

private:
  struct Route {
    std::string method, path;
    bool prefix, open;
    Handler handler;
  };
  bool authorized(const Request& req) const;
  std::vector<Route> routes_;
  std::string api_key_;
};

} // namespace axl::api
