// `axl-docs lsp`: the language server on stdio (see lsp/).
#include "command_registry.h"

#include "lsp/composer_engine.h"
#include "lsp/stdio_server.h"

#include <thread>

namespace axl::app {
namespace {

RegisterCommand lsp_command{
    "lsp", [](CLI::App& app) {
      auto* cmd = app.add_subcommand("lsp", "Language server on stdin/stdout (LSP 3.17)");
      auto opts = std::make_shared<lsp::StdioOptions>();
      opts->server.version = AXL_VERSION;
      opts->server.worker_threads = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
      auto stdio = std::make_shared<bool>(true); // editors pass --stdio; it is the only transport
      cmd->add_flag("--stdio", *stdio, "Talk over stdin/stdout (the default and only transport)");
      cmd->add_option("-j,--jobs", opts->server.worker_threads,
                      "Worker threads for docstring generation")
          ->check(CLI::Range(1u, 64u));
      cmd->add_option("--max-message-bytes", opts->max_message_bytes,
                      "Largest JSON-RPC message accepted (bigger ones are skipped with an error)")
          ->check(CLI::Range(size_t{1024}, size_t{1} << 32));
      cmd->callback([opts, stdio] {
        int status = lsp::run_stdio_server(lsp::make_composer_engine(), *opts);
        if (status != 0) throw ExitCode{status};
      });
    }};

} // namespace
} // namespace axl::app
