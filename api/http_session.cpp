#include "api/http_session.h"

#include "api/api_error.h"
#include "api/openai_responses.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <fmt/format.h>

#include <sstream>

namespace axl::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr size_t kHeaderLimit = 16 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);
// Stream bytes waiting for a client that does not read; beyond this it counts as gone (the write
// timeout would catch it too, but memory must stay bounded even for a fast generator).
constexpr size_t kMaxPendingOutput = 4 << 20;

template <class Body> std::string serialize(const http::response<Body>& res) {
  std::ostringstream os;
  os << res;
  return os.str();
}

std::string format_json_response(int status, const nlohmann::json& body, const Headers& extra,
                                 unsigned version, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(status), version};
  res.set(http::field::server, "axl-docs");
  res.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : extra) res.set(name, value);
  res.keep_alive(keep_alive);
  res.body() = dump(body);
  res.prepare_payload();
  return serialize(res);
}

std::string format_stream_head(unsigned version, bool keep_alive, bool chunked) {
  http::response<http::empty_body> res{http::status::ok, version};
  res.set(http::field::server, "axl-docs");
  res.set(http::field::content_type, "text/event-stream");
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Accel-Buffering", "no"); // proxies must not buffer the stream
  res.keep_alive(keep_alive);
  if (chunked) res.chunked(true);
  std::ostringstream os;
  os << res.base();
  return os.str();
}

} // namespace

HttpSession::HttpSession(tcp::socket&& socket, SessionHost& host)
    : stream_(std::move(socket)), host_(host) {}

HttpSession::~HttpSession() {
  if (host_.on_session_end) host_.on_session_end();
}

void HttpSession::start() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
}

void HttpSession::drain() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->state_ != State::Reading) return; // a response in progress closes when done
    // Stop waiting for a request; the cancelled read's handler then lingers (one read at a time).
    self->begin_close();
    self->linger_after_read_ = true;
    self->stream_.cancel();
  });
}

void HttpSession::abort() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->cancelled_ = true;
    self->stop_.request_stop();
    self->close_now();
  });
}

// ---- reading --------------------------------------------------------------------------------

void HttpSession::do_read() {
  if (host_.draining) return close_gracefully();
  state_ = State::Reading;
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(host_.config.body_limit);
  // One deadline covers the idle wait and the whole request: a slow client cannot hold on.
  stream_.expires_after(host_.config.request_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
}

void HttpSession::fail_request(int status, const char* message, const char* code) {
  stream_.expires_never();
  state_ = State::Responding;
  {
    std::lock_guard lock(out_mutex_);
    keep_alive_ = false;
  }
  reply(status, error_body(ApiError(status, message, "invalid_request_error", "", code)));
}

void HttpSession::on_header(beast::error_code ec) {
  if (state_ == State::Closing) return linger_if_drained();
  if (ec == http::error::header_limit)
    return fail_request(431, "The request headers are too large.", "headers_too_large");
  if (ec == http::error::body_limit) // a Content-Length above the limit fails the header read
    return fail_request(413, "The request body is too large (the limit is set with --body-limit).",
                        "request_too_large");
  if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message)
    return fail_request(400, "Malformed HTTP request.", "bad_request");
  if (ec) return close_now(); // closed, reset or timed out: nobody to answer
  auto& req = parser_->get();
  if (const auto len = parser_->content_length(); len && *len > host_.config.body_limit)
    return fail_request(413, "The request body is too large (the limit is set with --body-limit).",
                        "request_too_large");
  if (beast::iequals(req[http::field::expect], "100-continue")) {
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    net::async_write(stream_, net::buffer(kContinue),
                     [self = shared_from_this()](beast::error_code wec, size_t) {
                       if (self->state_ == State::Closing) return self->linger_if_drained();
                       if (wec) return self->close_now();
                       self->read_body();
                     });
    return;
  }
  read_body();
}

void HttpSession::read_body() {
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body(ec); });
}

void HttpSession::on_body(beast::error_code ec) {
  if (state_ == State::Closing) return linger_if_drained();
  if (ec == http::error::body_limit)
    return fail_request(413, "The request body is too large (the limit is set with --body-limit).",
                        "request_too_large");
  if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message)
    return fail_request(400, "Malformed HTTP request.", "bad_request");
  if (ec) return close_now();
  handle_request();
}

void HttpSession::handle_request() {
  stream_.expires_never(); // the endpoint may take a while; writes set their own deadline
  auto msg = parser_->release();
  Request req;
  req.method = std::string(msg.method_string());
  const auto target = msg.target();
  req.path = std::string(target.substr(0, target.find('?')));
  req.authorization = std::string(msg[http::field::authorization]);
  req.body = std::move(msg.body());
  {
    std::lock_guard lock(out_mutex_);
    version_ = msg.version();
    keep_alive_ = msg.keep_alive();
  }
  state_ = State::Responding;
  watch_disconnect();
  host_.router.dispatch(req, shared_from_this());
}

// ---- output (any thread) --------------------------------------------------------------------

void HttpSession::reply(int status, const nlohmann::json& body, Headers extra) {
  {
    std::lock_guard lock(out_mutex_);
    if (closed_ || response_done_) return;
    if (started_) {
      // An error after the stream began cannot change the status: end the connection instead.
      close_after_ = true;
      response_done_ = true;
    } else {
      close_after_ = !keep_alive_ || host_.draining;
      out_ += format_json_response(status, body, extra, version_, !close_after_);
      started_ = true;
      response_done_ = true;
    }
  }
  post_flush();
}

void HttpSession::open_stream_locked() {
  if (started_) return;
  started_ = streaming_ = true;
  chunked_ = version_ >= 11;
  close_after_ = !keep_alive_ || !chunked_ || host_.draining;
  out_ += format_stream_head(version_, !close_after_, chunked_);
}

void HttpSession::stream_open() {
  {
    std::lock_guard lock(out_mutex_);
    if (closed_ || response_done_) return;
    open_stream_locked();
  }
  post_flush();
}

void HttpSession::stream_send(std::string event) {
  bool overflow = false;
  {
    std::lock_guard lock(out_mutex_);
    if (closed_ || response_done_ || event.empty()) return;
    open_stream_locked();
    if (chunked_) out_ += fmt::format("{:x}\r\n", event.size());
    out_ += event;
    if (chunked_) out_ += "\r\n";
    if (out_.size() > kMaxPendingOutput) {
      overflow = closed_ = true;
      out_.clear();
    }
  }
  if (!overflow) return post_flush();
  cancelled_ = true; // stop generating now; the strand closes the connection
  stop_.request_stop();
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->client_gone(); });
}

void HttpSession::stream_close() {
  {
    std::lock_guard lock(out_mutex_);
    if (closed_ || response_done_) return;
    open_stream_locked();
    if (chunked_) out_ += "0\r\n\r\n";
    response_done_ = true;
  }
  post_flush();
}

void HttpSession::post_flush() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->flush(); });
}

// ---- writing (strand) -----------------------------------------------------------------------

void HttpSession::flush() {
  if (state_ != State::Responding || writing_now_) return;
  bool finished = false;
  {
    std::lock_guard lock(out_mutex_);
    if (out_.empty())
      finished = response_done_;
    else
      writing_.swap(out_);
  }
  if (finished) return finish_response();
  if (writing_.empty()) return;
  writing_now_ = true;
  stream_.expires_after(host_.config.write_timeout);
  net::async_write(
      stream_, net::buffer(writing_),
      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_write(ec); });
}

void HttpSession::on_write(beast::error_code ec) {
  writing_now_ = false;
  writing_.clear();
  stream_.expires_never();
  if (ec) return client_gone();
  flush();
}

void HttpSession::finish_response() {
  ++watch_generation_;
  beast::error_code ignored;
  stream_.socket().cancel(ignored); // the disconnect watch
  bool close;
  {
    std::lock_guard lock(out_mutex_);
    close = close_after_;
    started_ = streaming_ = chunked_ = response_done_ = close_after_ = false;
  }
  if (close || host_.draining) return close_gracefully();
  do_read();
}

// While an endpoint works, a readable socket means the client closed it (or pipelines the next
// request, which is left for later).
void HttpSession::watch_disconnect() {
  const unsigned generation = ++watch_generation_;
  stream_.socket().async_wait(tcp::socket::wait_read, [self = shared_from_this(),
                                                       generation](beast::error_code ec) {
    if (ec || generation != self->watch_generation_ || self->state_ != State::Responding) return;
    char byte;
    beast::error_code peek_ec;
    const size_t n =
        self->stream_.socket().receive(net::buffer(&byte, 1), tcp::socket::message_peek, peek_ec);
    if (peek_ec == net::error::would_block || peek_ec == net::error::try_again)
      return self->watch_disconnect();
    if (peek_ec || n == 0) self->client_gone();
  });
}

void HttpSession::client_gone() {
  if (state_ == State::Closing) return;
  cancelled_ = true;
  stop_.request_stop();
  close_now();
}

void HttpSession::close_now() {
  state_ = State::Closing;
  {
    std::lock_guard lock(out_mutex_);
    closed_ = true;
    out_.clear();
  }
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

// Half-close, then read and drop what the client still sends, so it receives our last response
// (e.g. a 413 while it is still uploading) instead of a connection reset.
void HttpSession::close_gracefully() {
  begin_close();
  linger();
}

void HttpSession::begin_close() {
  state_ = State::Closing;
  {
    std::lock_guard lock(out_mutex_);
    closed_ = true;
  }
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

void HttpSession::linger_if_drained() {
  if (!linger_after_read_) return;
  linger_after_read_ = false;
  linger();
}

void HttpSession::linger() {
  stream_.expires_after(kLingerTime);
  discard_input();
}

void HttpSession::discard_input() {
  stream_.async_read_some(net::buffer(scratch_),
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            if (ec) {
                              beast::error_code ignored;
                              self->stream_.socket().close(ignored);
                              return;
                            }
                            self->discard_input();
                          });
}

} // namespace axl::api
