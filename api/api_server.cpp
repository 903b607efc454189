#include "api/api_server.h"

#include "api/http_server.h"
#include "api/service.h"

#include <ctime>
#include <filesystem>
#include <thread>

namespace axl::api {

struct ApiServer::Impl {
  ServerConfig config;
  Stats stats;
  WorkerPool pool;
  BatchGenerator generator;
  Service service;
  Router router;
  std::unique_ptr<HttpServer> http;

  Impl(const model::Model& model, ServerConfig cfg, bool handle_signals)
      : config(std::move(cfg)), pool(config.workers, config.max_queued),
        // One decoding thread: on a loaded 2-core machine a second one (the coarse stacks in
        // parallel) made 16 clients slower, not faster (api/README.md "Concurrency").
        generator(model, config.batch_rows, config.max_queued, 1), service{config,
                                                                           model_id_from_path(
                                                                               model.path),
                                                                           static_cast<int64_t>(
                                                                               std::time(nullptr)),
                                                                           generator,
                                                                           pool,
                                                                           stats,
                                                                           RequestLimits{}} {
    service.limits.max_tokens = config.max_tokens;
    router.set_api_key(config.api_key);
    add_openai_routes(router, service);
    add_docstring_routes(router, service);
    http = std::make_unique<HttpServer>(config, router, handle_signals);
    http->on_shutdown([this] {
      pool.close();
      generator.close();
    });
  }
  ~Impl() {
    pool.stop(); // jobs hold sessions, which belong to the HTTP server: finish them first
    generator.stop();
    http.reset();
  }
};

namespace {
ServerConfig resolved(ServerConfig cfg) {
  if (cfg.workers <= 0)
    cfg.workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return cfg;
}
} // namespace

ApiServer::ApiServer(const model::Model& model, ServerConfig config, bool handle_signals)
    : impl_(std::make_unique<Impl>(model, resolved(std::move(config)), handle_signals)) {}

ApiServer::~ApiServer() = default;

uint16_t ApiServer::port() const {
  return impl_->http->port();
}
const std::string& ApiServer::model_id() const {
  return impl_->service.model_id;
}
int ApiServer::workers() const {
  return impl_->pool.size();
}

void ApiServer::run() {
  impl_->http->run();
  impl_->pool.stop();
  impl_->generator.stop();
}

void ApiServer::stop() {
  impl_->http->stop();
}

std::string model_id_from_path(const std::string& path) {
  std::string stem = std::filesystem::path(path).filename().string();
  if (stem.size() > 5 && stem.ends_with(".gguf")) stem.resize(stem.size() - 5);
  return stem.empty() ? "axl-docs" : stem;
}

} // namespace axl::api
