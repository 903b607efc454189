// HTTP API benchmark: requests/s and latency (p50/p95) of a 64-byte completion at 1, 4 and 16
// concurrent keep-alive clients, and the time to the first streamed byte. The server runs
// in-process on a free loopback port (the same ApiServer as `axl-docs serve`); clients are plain
// Beast HTTP/1.1 clients on their own threads.
//
//   axl-docs init --out /tmp/full.gguf          # random weights, full size (9.9M parameters)
//   bench_api --model /tmp/full.gguf --threads 2
#include "api/api_server.h"

#include <CLI/CLI.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  return v[i];
}

struct Client {
  net::io_context ioc;
  tcp::socket socket{ioc};
  beast::flat_buffer buffer;

  explicit Client(uint16_t port) {
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    socket.set_option(tcp::no_delay(true));
  }

  http::request<http::string_body> make(const nlohmann::json& body) {
    http::request<http::string_body> req{http::verb::post, "/v1/completions", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.body() = body.dump();
    req.prepare_payload();
    return req;
  }

  // One non-streaming completion on the kept-alive connection; returns completion tokens.
  int complete(const nlohmann::json& body) {
    auto req = make(body);
    http::write(socket, req);
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    if (res.result() != http::status::ok) throw std::runtime_error("HTTP " + res.body());
    return nlohmann::json::parse(res.body())["usage"]["completion_tokens"].get<int>();
  }

  // A streaming completion: (ms to the response headers, ms to the first text event, ms total).
  std::array<double, 3> stream(const nlohmann::json& body) {
    const auto t0 = Clock::now();
    auto req = make(body);
    http::write(socket, req);
    http::response_parser<http::buffer_body> parser;
    http::read_header(socket, buffer, parser);
    const double head = ms_since(t0);
    double first = -1;
    char data[4096];
    std::string seen;
    while (!parser.is_done()) {
      parser.get().body().data = data;
      parser.get().body().size = sizeof(data);
      beast::error_code ec;
      http::read(socket, buffer, parser, ec);
      if (ec && ec != http::error::need_buffer) throw beast::system_error(ec);
      if (first >= 0) continue;
      seen.append(data, sizeof(data) - parser.get().body().size);
      // Complete events so far: the first one carrying text marks the first streamed byte.
      for (size_t end; first < 0 && (end = seen.find("\n\n")) != std::string::npos;
           seen.erase(0, end + 2))
        if (seen.rfind("data: {", 0) == 0 &&
            !nlohmann::json::parse(seen.substr(6, end - 6))["choices"][0]["text"]
                 .get<std::string>()
                 .empty())
          first = ms_since(t0);
    }
    return {head, first, ms_since(t0)};
  }
};

std::string g_prompt = "def fibonacci(n):\n    \"\"\"";

nlohmann::json completion_body(int tokens, int seed, bool stream) {
  return {{"prompt", g_prompt},
          {"max_tokens", tokens},
          {"ignore_eos", true}, // always exactly `tokens` bytes, whatever the weights say
          {"seed", seed},
          {"stream", stream}};
}

void run_level(uint16_t port, int clients, int requests, int tokens) {
  std::vector<std::vector<double>> lat(static_cast<size_t>(clients));
  std::atomic<int> next{0};
  std::atomic<int64_t> bytes{0};
  std::vector<std::thread> threads;
  const auto t0 = Clock::now();
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      Client client(port);
      for (int i; (i = next++) < requests;) {
        const auto r0 = Clock::now();
        bytes += client.complete(completion_body(tokens, i, false));
        lat[static_cast<size_t>(c)].push_back(ms_since(r0));
      }
    });
  for (auto& t : threads) t.join();
  const double secs = ms_since(t0) / 1000.0;
  std::vector<double> all;
  for (const auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  fmt::print("{:>8} {:>9} {:>11.2f} {:>12.0f} {:>9.1f} {:>9.1f}\n", clients, requests,
             requests / secs, static_cast<double>(bytes) / secs, percentile(all, 0.5),
             percentile(all, 0.95));
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"axl-docs HTTP API benchmark"};
  std::string model_path;
  int workers = 2, tokens = 64, requests = 0, streams = 20, batch = 16;
  std::vector<int> levels{1, 4, 16};
  app.add_option("--model,-m", model_path, "GGUF model (e.g. from `axl-docs init`)")->required();
  app.add_option("--threads,-j", workers, "server worker threads");
  app.add_option("--batch", batch, "completions decoded together (serve --batch)")
      ->capture_default_str();
  app.add_option("--tokens", tokens, "bytes per completion");
  app.add_option("--requests", requests, "requests per level (default: 8 per client, >= 24)");
  app.add_option("--clients", levels, "concurrency levels");
  app.add_option("--streams", streams, "streaming requests for time to first byte");
  app.add_option("--prompt", g_prompt, "prompt of every request")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  const auto model = axl::model::load_model(model_path);
  axl::api::ServerConfig cfg;
  cfg.port = 0;
  cfg.workers = workers;
  cfg.batch_rows = batch;
  cfg.max_queued = 1024;
  axl::api::ApiServer server(model, cfg, /*handle_signals=*/false);
  std::thread io([&] { server.run(); });
  fmt::print("model {} ({}, {} parameters), {} server workers, batch {}, {} hardware threads\n",
             model_path, model.dtype == axl::model::DType::F16 ? "f16" : "f32",
             axl::model::parameter_count(model.cfg), server.workers(), batch,
             std::thread::hardware_concurrency());

  {
    Client warm(server.port()); // page in the weights, allocate the decoders
    for (int i = 0; i < workers; ++i) warm.complete(completion_body(tokens, i, false));
  }
  fmt::print("\n{}-byte completions (keep-alive clients)\n", tokens);
  fmt::print("{:>8} {:>9} {:>11} {:>12} {:>9} {:>9}\n", "clients", "requests", "requests/s",
             "bytes/s", "p50 ms", "p95 ms");
  for (int c : levels)
    run_level(server.port(), c, requests > 0 ? requests : std::max(24, 8 * c), tokens);

  std::vector<double> head, first, total;
  Client client(server.port());
  for (int i = 0; i < streams; ++i) {
    auto [h, f, t] = client.stream(completion_body(tokens, i, true));
    head.push_back(h);
    first.push_back(f);
    total.push_back(t);
  }
  fmt::print("\nstreaming, one client, {} requests of {} bytes\n", streams, tokens);
  fmt::print("  time to response headers  p50 {:.2f} ms  p95 {:.2f} ms\n", percentile(head, 0.5),
             percentile(head, 0.95));
  fmt::print("  time to first text byte   p50 {:.2f} ms  p95 {:.2f} ms\n", percentile(first, 0.5),
             percentile(first, 0.95));
  fmt::print("  time to [DONE]            p50 {:.2f} ms  p95 {:.2f} ms\n", percentile(total, 0.5),
             percentile(total, 0.95));
  server.stop();
  io.join();
}
