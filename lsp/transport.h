// Stdio transport: framed JSON-RPC over two file descriptors with Boost.Asio. Reads and writes run
// on the io_context's thread; send() may be called from any thread and writes never interleave.
#pragma once

#include "framing.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <array>
#include <deque>
#include <functional>
#include <string>

namespace axl::lsp {

class StdioTransport {
public:
  using EventHandler = std::function<void(FrameEvent)>;

  StdioTransport(boost::asio::io_context& io, int in_fd, int out_fd,
                 size_t max_body = MessageReader::kDefaultMaxBody);
  ~StdioTransport();

  // Starts reading; `on_event` gets each message or framing error, `on_eof` runs once at EOF.
  void start(EventHandler on_event, std::function<void()> on_eof);
  void send(std::string body);
  // Runs `done` on the io thread once every queued message is written (or writing failed).
  void when_flushed(std::function<void()> done);
  void stop_reading();

private:
  void read_more();
  void write_next();
  void check_flushed();

  boost::asio::io_context& io_;
  boost::asio::posix::stream_descriptor in_, out_;
  MessageReader reader_;
  std::array<char, 64 * 1024> read_buffer_{};
  EventHandler on_event_;
  std::function<void()> on_eof_;
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool write_failed_ = false;
  std::vector<std::function<void()>> flushed_;
};

} // namespace axl::lsp
