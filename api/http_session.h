// One HTTP/1.1 connection (Boost.Beast): reads requests one at a time (keep-alive), hands each to
// the router and writes whatever the endpoint answers, from any thread, in order: a full JSON
// response or a Server-Sent-Events stream (chunked). The connection is the Exchange of its
// current request.
//
// Threads: every socket operation runs on the session's strand; endpoint threads only append to
// an output buffer (under a mutex) and post a flush. While a response is pending, the socket is
// watched for the client closing it; that, a failed write or a write timeout sets cancelled(),
// which stops the request's generation at the next byte.
#pragma once

#include "api/exchange.h"
#include "api/router.h"
#include "api/server_config.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

namespace axl::api {

// What sessions share with the server that owns them.
struct SessionHost {
  const ServerConfig& config;
  const Router& router;
  std::atomic<bool> draining{false};    // shutting down: finish the current response, then close
  std::function<void()> on_session_end; // from a session's destructor (any thread)
};

class HttpSession final : public Exchange, public std::enable_shared_from_this<HttpSession> {
public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, SessionHost& host);
  ~HttpSession() override;

  void start();
  void drain(); // thread-safe: close now when idle, else after the current response
  void abort(); // thread-safe: cancel the current request's work and close

  void reply(int status, const nlohmann::json& body, Headers extra = {}) override;
  void stream_open() override;
  void stream_send(std::string event) override;
  void stream_close() override;
  const std::atomic<bool>& cancelled() const override { return cancelled_; }
  std::stop_token stop_token() const override { return stop_.get_token(); }

private:
  enum class State { Reading, Responding, Closing };

  void do_read();
  void on_header(boost::beast::error_code ec);
  void read_body();
  void on_body(boost::beast::error_code ec);
  void fail_request(int status, const char* message, const char* code);
  void handle_request();

  void open_stream_locked();
  void post_flush();
  void flush();
  void on_write(boost::beast::error_code ec);
  void finish_response();
  void watch_disconnect();
  void client_gone();
  void close_now();
  void close_gracefully();
  void begin_close();
  void linger();
  void linger_if_drained();
  void discard_input();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  SessionHost& host_;

  // Strand only.
  State state_ = State::Reading;
  bool writing_now_ = false;
  std::string writing_;
  unsigned watch_generation_ = 0;
  bool linger_after_read_ = false; // drain() cancelled a read; its handler starts the linger
  std::array<char, 4096> scratch_{};

  // Set on the strand before the request is dispatched; read by endpoint threads after.
  unsigned version_ = 11;
  bool keep_alive_ = true;

  // Output of the current response; any thread.
  std::mutex out_mutex_;
  std::string out_;
  bool started_ = false;       // a reply or stream header is queued
  bool streaming_ = false;     // the response is an event stream
  bool chunked_ = false;       // ... framed with chunked transfer encoding
  bool response_done_ = false; // the whole response is queued
  bool close_after_ = false;   // Connection: close
  bool closed_ = false;        // no more output is accepted

  std::atomic<bool> cancelled_{false};
  std::stop_source stop_;
};

} // namespace axl::api
