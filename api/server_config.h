// Everything `axl-docs serve` can be told, with the defaults it documents (api/README.md).
#pragma once

#include "docstring/summary_provider.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace axl::api {

// Makes the prose provider for one /v1/docstrings request, on the worker thread that serves it
// (providers need not be thread-safe). `worker` identifies the thread for per-thread state.
using SummaryProviderFactory =
    std::function<std::unique_ptr<docstring::SummaryProvider>(int worker)>;

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8880;   // 0: any free port (the chosen one is printed)
  std::string api_key;    // empty: no authentication
  int workers = 0;        // /v1/docstrings threads; 0: one per CPU core
  int batch_rows = 16;    // completions decoded together (continuous batching)
  size_t max_queued = 64; // requests (docstrings) / completions (choices) waiting for a place
  size_t body_limit = 1 << 20;
  // Reading one request (also the idle time allowed between keep-alive requests).
  std::chrono::milliseconds request_timeout{30000};
  // One write to the client (a streaming client that stops reading is cut off after this).
  std::chrono::milliseconds write_timeout{30000};
  // After SIGINT/SIGTERM: how long running requests may finish before they are cancelled.
  std::chrono::milliseconds shutdown_grace{10000};
  int max_tokens = 8192;
  SummaryProviderFactory summary_provider; // unset: the heuristic provider
};

} // namespace axl::api
