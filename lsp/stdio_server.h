// Runs the language server on stdin/stdout until `exit` (or the end of input).
#pragma once

#include "docstring_engine.h"
#include "server.h"

#include <memory>

namespace axl::lsp {

struct StdioOptions {
  ServerOptions server;
  size_t max_message_bytes = 64u << 20;
};

// Returns the process exit status: 0 after shutdown + exit, 1 otherwise.
int run_stdio_server(std::unique_ptr<DocstringEngine> engine, StdioOptions options);

} // namespace axl::lsp
