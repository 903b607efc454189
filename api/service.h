// What the endpoints share: the batch generator (completions), the worker pool (docstrings),
// counters.
#pragma once

#include "api/batch_generator.h"
#include "api/openai_requests.h"
#include "api/router.h"
#include "api/server_config.h"
#include "api/worker_pool.h"
#include "model/generate.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace axl::api {

struct Stats {
  std::atomic<int64_t> requests{0};  // answered by an endpoint (errors included)
  std::atomic<int64_t> completed{0}; // model/docstring jobs that finished
  std::atomic<int64_t> cancelled{0}; // jobs stopped because their client went away
  std::atomic<int64_t> rejected{0};  // 503: queue full or shutting down
};

struct Service {
  const ServerConfig& config;
  std::string model_id;      // what /v1/models lists and requests may name
  int64_t created = 0;       // server start (Unix seconds), the model's "created"
  BatchGenerator& generator; // completions and chat completions
  WorkerPool& pool;
  Stats& stats;
  RequestLimits limits;
};

// GET /health, GET /v1/models[/{id}], POST /v1/completions, POST /v1/chat/completions.
void add_openai_routes(Router& router, Service& service);
// POST /v1/docstrings.
void add_docstring_routes(Router& router, Service& service);

// Submits a job or throws the 503 ApiError (queue full / shutting down).
void submit_or_throw(Service& service, WorkerPool::Job job);
// Counts the refusal and throws the 503 ApiError.
[[noreturn]] void throw_unavailable(Service& service, bool shutting_down);

} // namespace axl::api
