// The whole `axl-docs serve`: model runner + worker pool + routes + HTTP server, usable in-process
// (the benchmark and tests run it on a thread and call stop()).
#pragma once

#include "api/server_config.h"
#include "model/model_file.h"

#include <cstdint>
#include <memory>
#include <string>

namespace axl::api {

class ApiServer {
public:
  // Binds at once (throws std::runtime_error when it cannot). `model` must outlive the server.
  ApiServer(const model::Model& model, ServerConfig config, bool handle_signals = true);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  uint16_t port() const;
  const std::string& model_id() const;
  int workers() const;
  void run();  // serves until SIGINT/SIGTERM (when handled) or stop(); then joins the workers
  void stop(); // any thread

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The id clients use for a model file: its name without directories and ".gguf".
std::string model_id_from_path(const std::string& path);

} // namespace axl::api
