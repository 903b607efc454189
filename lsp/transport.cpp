#include "transport.h"

#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <cstdio>
#include <unistd.h>

namespace axl::lsp {

namespace asio = boost::asio;

// The descriptors are dup()ed so closing them (at destruction) leaves the process's stdio alone.
StdioTransport::StdioTransport(asio::io_context& io, int in_fd, int out_fd, size_t max_body)
    : io_(io), in_(io, ::dup(in_fd)), out_(io, ::dup(out_fd)), reader_(max_body) {}

StdioTransport::~StdioTransport() = default;

void StdioTransport::start(EventHandler on_event, std::function<void()> on_eof) {
  on_event_ = std::move(on_event);
  on_eof_ = std::move(on_eof);
  read_more();
}

void StdioTransport::stop_reading() {
  boost::system::error_code ignored;
  in_.cancel(ignored);
}

void StdioTransport::read_more() {
  in_.async_read_some(asio::buffer(read_buffer_), [this](boost::system::error_code ec, size_t n) {
    if (n > 0) {
      reader_.feed(std::string_view(read_buffer_.data(), n));
      while (reader_.has_event()) on_event_(reader_.pop_event());
    }
    if (ec) {
      if (ec != asio::error::operation_aborted && on_eof_) {
        if (reader_.pending_bytes() > 0)
          std::fprintf(stderr, "axl-docs lsp: input ended inside a message (%zu bytes dropped)\n",
                       reader_.pending_bytes());
        auto eof = std::move(on_eof_);
        on_eof_ = nullptr;
        eof();
      }
      return;
    }
    read_more();
  });
}

void StdioTransport::send(std::string body) {
  asio::post(io_, [this, framed = frame_message(body)]() mutable {
    if (write_failed_) return;
    queue_.push_back(std::move(framed));
    if (!writing_) write_next();
  });
}

void StdioTransport::write_next() {
  if (queue_.empty()) {
    writing_ = false;
    check_flushed();
    return;
  }
  writing_ = true;
  asio::async_write(out_, asio::buffer(queue_.front()),
                    [this](boost::system::error_code ec, size_t) {
                      queue_.pop_front();
                      if (ec) {
                        std::fprintf(stderr, "axl-docs lsp: cannot write to the client: %s\n",
                                     ec.message().c_str());
                        write_failed_ = true;
                        queue_.clear();
                      }
                      write_next();
                    });
}

void StdioTransport::when_flushed(std::function<void()> done) {
  // Posted so that sends issued just before are queued first.
  asio::post(io_, [this, done = std::move(done)]() mutable {
    flushed_.push_back(std::move(done));
    check_flushed();
  });
}

void StdioTransport::check_flushed() {
  if (writing_ || !queue_.empty()) return;
  auto callbacks = std::move(flushed_);
  flushed_.clear();
  for (auto& cb : callbacks) cb();
}

} // namespace axl::lsp
