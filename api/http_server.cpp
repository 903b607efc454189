#include "api/http_server.h"

#include "api/http_session.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <fmt/format.h>

#include <csignal>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace axl::api {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpServer::Impl {
  const ServerConfig& config;
  // Declared before the io_context: handlers it destroys may still hold sessions.
  SessionHost host;
  std::atomic<int> live{0};
  std::atomic<bool> destroying{false};
  uint16_t bound_port = 0;
  net::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  net::signal_set signals{ioc};
  net::steady_timer grace_timer{ioc};
  net::steady_timer retry_timer{ioc};
  // Keeps run() going while requests finish on worker threads with no socket operation pending.
  net::executor_work_guard<net::io_context::executor_type> work = net::make_work_guard(ioc);
  std::mutex sessions_mutex;
  std::vector<std::weak_ptr<HttpSession>> sessions;
  bool shutting_down = false; // I/O thread only
  std::function<void()> shutdown_callback;

  Impl(const ServerConfig& cfg, const Router& router, bool handle_signals)
      : config(cfg), host{cfg, router, {}, {}} {
    host.on_session_end = [this] {
      if (--live == 0 && !destroying) net::post(ioc, [this] { maybe_finish(); });
    };
    boost::system::error_code ec;
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(cfg.host, std::to_string(cfg.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || results.empty())
      throw std::runtime_error(fmt::format("cannot resolve host '{}': {}", cfg.host, ec.message()));
    const tcp::endpoint endpoint = results.begin()->endpoint();
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
      throw std::runtime_error(
          fmt::format("cannot listen on {}:{}: {}", cfg.host, cfg.port, ec.message()));
    bound_port = acceptor.local_endpoint().port();
    if (handle_signals) {
      signals.add(SIGINT);
      signals.add(SIGTERM);
      signals.async_wait([this](const boost::system::error_code& sec, int) {
        if (!sec) begin_shutdown();
      });
    }
    do_accept();
  }

  ~Impl() {
    destroying = true;
    ioc.stop();
  }

  void do_accept() {
    acceptor.async_accept(
        net::make_strand(ioc), [this](boost::system::error_code ec, tcp::socket socket) {
          if (!acceptor.is_open()) return; // shutting down
          if (ec) {
            // Out of descriptors or similar: try again shortly instead of spinning.
            retry_timer.expires_after(std::chrono::milliseconds(50));
            retry_timer.async_wait([this](const boost::system::error_code& tec) {
              if (!tec && acceptor.is_open()) do_accept();
            });
            return;
          }
          boost::system::error_code ignored;
          socket.set_option(tcp::no_delay(true), ignored); // stream chunks go out at once
          auto session = std::make_shared<HttpSession>(std::move(socket), host);
          ++live;
          {
            std::lock_guard lock(sessions_mutex);
            std::erase_if(sessions, [](const auto& w) { return w.expired(); });
            sessions.push_back(session);
          }
          session->start();
          do_accept();
        });
  }

  template <class F> void for_each_session(F f) {
    std::vector<std::shared_ptr<HttpSession>> alive;
    {
      std::lock_guard lock(sessions_mutex);
      for (const auto& w : sessions)
        if (auto s = w.lock()) alive.push_back(std::move(s));
    }
    for (const auto& s : alive) f(*s);
  }

  void begin_shutdown() {
    if (shutting_down) return;
    shutting_down = true;
    host.draining = true;
    if (shutdown_callback) shutdown_callback();
    boost::system::error_code ignored;
    acceptor.close(ignored);
    retry_timer.cancel();
    // A second signal skips the grace period.
    signals.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) for_each_session([](HttpSession& s) { s.abort(); });
    });
    for_each_session([](HttpSession& s) { s.drain(); });
    grace_timer.expires_after(config.shutdown_grace);
    grace_timer.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) for_each_session([](HttpSession& s) { s.abort(); });
    });
    maybe_finish();
  }

  void maybe_finish() {
    if (!shutting_down || live > 0) return;
    grace_timer.cancel();
    boost::system::error_code ignored;
    signals.cancel(ignored);
    work.reset();
  }
};

HttpServer::HttpServer(const ServerConfig& config, const Router& router, bool handle_signals)
    : impl_(std::make_unique<Impl>(config, router, handle_signals)) {}

HttpServer::~HttpServer() = default;

uint16_t HttpServer::port() const {
  return impl_->bound_port;
}

void HttpServer::on_shutdown(std::function<void()> callback) {
  impl_->shutdown_callback = std::move(callback);
}

void HttpServer::run() {
  impl_->ioc.run();
}

void HttpServer::stop() {
  net::post(impl_->ioc, [impl = impl_.get()] { impl->begin_shutdown(); });
}

} // namespace axl::api
