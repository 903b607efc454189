#include "stdio_server.h"

#include "allocator.h"
#include "transport.h"

#include <boost/asio/io_context.hpp>

#include <csignal>
#include <cstdio>

namespace axl::lsp {

int run_stdio_server(std::unique_ptr<DocstringEngine> engine, StdioOptions options) {
  std::signal(SIGPIPE, SIG_IGN); // a client that goes away must not kill us mid-write
  tune_allocator();
  boost::asio::io_context io;
  StdioTransport transport(io, 0, 1, options.max_message_bytes);
  int status = 1;
  {
    Server server(
        io, [&](const json& m) { transport.send(dump_message(m)); }, std::move(engine),
        options.server);
    auto finish = [&](int code) {
      status = code;
      transport.stop_reading();
      transport.when_flushed([&io] { io.stop(); });
    };
    server.on_exit = finish;
    transport.start(
        [&](FrameEvent event) {
          if (server.exit_code()) return;
          if (event.kind == FrameEvent::Kind::Error)
            return server.on_transport_error(event.code, event.error);
          json message;
          try {
            message = json::parse(event.body);
          } catch (const json::exception& e) {
            return server.on_transport_error(error_code::ParseError,
                                             std::string("invalid JSON: ") + e.what());
          }
          server.on_message(message);
        },
        [&] {
          // Input ended without `exit`: leave like an exit without shutdown (status 1).
          if (!server.exit_code()) finish(1);
        });
    io.run();
  }
  return status;
}

} // namespace axl::lsp
