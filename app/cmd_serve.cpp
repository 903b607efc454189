// `axl-docs serve`: the OpenAI-compatible HTTP API (see api/README.md).
#include "command_registry.h"

#include "api/api_server.h"
#include "app/model_option.h"
#include "model/model_file.h"
#include "model/model_location.h"
#include "prose/provider_source.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace axl::app {
namespace {

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000.0));
}

RegisterCommand serve_command{
    "serve", [](CLI::App& app) {
      auto* cmd =
          app.add_subcommand("serve", "OpenAI-compatible HTTP API (default 127.0.0.1:8880)");
      struct Args {
        api::ServerConfig cfg;
        std::string model;
        std::string docstrings = "model";
        double timeout = 30, grace = 10;
      };
      auto a = std::make_shared<Args>();
      cmd->add_option("--host", a->cfg.host, "Address to listen on (loopback by default)")
          ->capture_default_str();
      cmd->add_option("--port", a->cfg.port, "Port (0: any free port, printed at start)")
          ->capture_default_str();
      add_model_option(cmd, a->model);
      cmd->add_option("--docstrings", a->docstrings,
                      "Who writes /v1/docstrings prose: the loaded model (guarded, with the name "
                      "heuristic filling rejected fields) or the heuristic only")
          ->capture_default_str()
          ->check(CLI::IsMember({"model", "heuristic"}));
      cmd->add_option("--api-key", a->cfg.api_key,
                      "Require 'Authorization: Bearer KEY' on /v1/* (or set AXL_DOCS_API_KEY)")
          ->envname("AXL_DOCS_API_KEY");
      cmd->add_option(
             "-j,--jobs,--threads", a->cfg.workers,
             "Worker threads for /v1/docstrings, one request each (default: one per CPU core); "
             "completions are decoded on one more thread, all together")
          ->check(CLI::Range(1, 256));
      cmd->add_option("--batch", a->cfg.batch_rows,
                      "Completions decoded together, one batched step per byte (more wait in the "
                      "queue)")
          ->capture_default_str()
          ->check(CLI::Range(1, 256));
      cmd->add_option(
             "--max-queue", a->cfg.max_queued,
             "Docstring requests that may wait for a worker, and completions for a batch row; "
             "more get 503")
          ->capture_default_str()
          ->check(CLI::Range(size_t{0}, size_t{100000}));
      cmd->add_option("--body-limit", a->cfg.body_limit,
                      "Largest request body in bytes (413 above)")
          ->capture_default_str()
          ->check(CLI::Range(size_t{1024}, size_t{1} << 30));
      cmd->add_option("--max-tokens", a->cfg.max_tokens, "Largest max_tokens a request may ask for")
          ->capture_default_str()
          ->check(CLI::Range(1, 1 << 20));
      cmd->add_option("--timeout", a->timeout,
                      "Seconds allowed to read a request (and idle keep-alive), and per write")
          ->capture_default_str()
          ->check(CLI::Range(0.05, 3600.0));
      cmd->add_option("--shutdown-grace", a->grace,
                      "Seconds running requests may finish after SIGINT/SIGTERM")
          ->capture_default_str()
          ->check(CLI::Range(0.0, 3600.0));
      cmd->callback([a] {
        const std::string path = model::require_model(a->model);
        // One mmapped model serves completions and docstring prose on every worker.
        const auto m = std::make_shared<const model::Model>(model::load_model(path));
        if (a->docstrings == "model") {
          // The file's confidence gate and dictionary decide what prose is written, as in
          // `annotate` and `lsp`.
          auto source = prose::summary_provider_for(m);
          if (!source.uses_model())
            std::fprintf(stderr, "axl-docs serve: %s\n", source.reason().c_str());
          a->cfg.summary_provider = [source](int) { return source.make(); };
        }
        a->cfg.request_timeout = a->cfg.write_timeout = millis(a->timeout);
        a->cfg.shutdown_grace = millis(a->grace);
        if (!is_loopback(a->cfg.host) && a->cfg.api_key.empty())
          std::fprintf(stderr,
                       "axl-docs serve: warning: listening on %s without an API key; anyone who "
                       "can reach this address can use the server (set --api-key or "
                       "AXL_DOCS_API_KEY)\n",
                       a->cfg.host.c_str());
        api::ApiServer server(*m, a->cfg);
        const bool v6 = a->cfg.host.find(':') != std::string::npos;
        std::fprintf(stderr,
                     "axl-docs serve: listening on http://%s%s%s:%u/v1 (model %s, %d workers%s)\n",
                     v6 ? "[" : "", a->cfg.host.c_str(), v6 ? "]" : "", server.port(),
                     server.model_id().c_str(), server.workers(),
                     a->cfg.api_key.empty() ? "" : ", API key required");
        std::fflush(stderr);
        server.run();
        std::fprintf(stderr, "axl-docs serve: stopped\n");
      });
    }};

} // namespace
} // namespace axl::app
