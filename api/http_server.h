// The listening socket, the I/O thread and graceful shutdown. Sessions (http_session.h) do the
// per-connection work; endpoints never run on the I/O thread's time for long.
//
// Shutdown (SIGINT/SIGTERM or stop()): stop accepting, close idle connections (busy ones after
// their response), let running requests finish, and after `shutdown_grace` (or at a
// second signal) cancel and close whatever is left. run() returns when every connection is gone.
#pragma once

#include "api/router.h"
#include "api/server_config.h"

#include <cstdint>
#include <functional>
#include <memory>

namespace axl::api {

class HttpServer {
public:
  // Binds and listens at once; throws std::runtime_error with the reason if it cannot.
  HttpServer(const ServerConfig& config, const Router& router, bool handle_signals);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;
  // Called once, on the I/O thread, when shutdown begins (before connections are drained).
  void on_shutdown(std::function<void()> callback);
  void run();  // serves until shut down
  void stop(); // any thread: begin the graceful shutdown

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace axl::api
