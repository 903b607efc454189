// One request/response exchange as the endpoints see it, independent of Beast: the HTTP session
// implements it, unit tests use a recording fake. Every method may be called from any thread
// (endpoints answer from worker threads); output goes out in call order.
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

namespace axl::api {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method; // "GET", "POST", ...
  std::string path;   // target without the query string
  std::string authorization;
  std::string body;
};

class Exchange {
public:
  virtual ~Exchange() = default;

  // A complete JSON response. At most once, and never after stream_open().
  virtual void reply(int status, const nlohmann::json& body, Headers extra = {}) = 0;

  // Server-Sent Events: stream_open() sends the 200 headers (a no-op when already sent);
  // stream_send() opens the stream if needed and sends one event's bytes; stream_close() ends it.
  virtual void stream_open() = 0;
  virtual void stream_send(std::string event) = 0;
  virtual void stream_close() = 0;

  // True once the client is gone (disconnected, timed out) or the server aborts the exchange;
  // work for it should stop (it is passed to generation as the cancel flag).
  virtual const std::atomic<bool>& cancelled() const = 0;
  // The same as a stop_token, for the docstring composer's providers.
  virtual std::stop_token stop_token() const = 0;
};

} // namespace axl::api
