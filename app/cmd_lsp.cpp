// `axl-docs lsp`: the language server on stdio (see lsp/).
#include "app/model_option.h"
#include "command_registry.h"
#include "model/model_location.h"

#include "lsp/composer_engine.h"
#include "lsp/stdio_server.h"
#include "prose/provider_chooser.h"

#include <cstdio>
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
      struct ModelArgs {
        std::string path;
        bool none = false;
      };
      auto model = std::make_shared<ModelArgs>();
      cmd->add_flag("--stdio", *stdio, "Talk over stdin/stdout (the default and only transport)");
      cmd->add_option("-j,--jobs", opts->server.worker_threads,
                      "Worker threads for docstring generation")
          ->check(CLI::Range(1u, 64u));
      cmd->add_option("--max-message-bytes", opts->max_message_bytes,
                      "Largest JSON-RPC message accepted (bigger ones are skipped with an error)")
          ->check(CLI::Range(size_t{1024}, size_t{1} << 32));
      add_model_option(cmd, model->path, "GGUF model for the prose",
                       "; the `modelPath` setting overrides it per document");
      cmd->add_flag("--no-model", model->none,
                    "Prose from the name heuristic only (ignores --model and `modelPath`)");
      cmd->callback([opts, stdio, model] {
        if (model->none && !model->path.empty())
          throw std::runtime_error("--model and --no-model exclude each other");
        std::unique_ptr<lsp::DocstringEngine> engine;
        if (model->none) {
          engine = lsp::make_composer_engine();
        } else {
          const std::string path = axl::model::locate_model(model->path).path;
          auto start = prose::load_summary_provider(path);
          if (!start.reason().empty())
            std::fprintf(stderr, "axl-docs lsp: %s\n", start.reason().c_str());
          const bool uses_model = start.uses_model();
          // The `modelPath` setting may name another model per document (loaded on first use);
          // one that cannot be used falls back to the heuristic, said once on stderr (the
          // client's server log). `maxTokens` and `temperature` apply per request.
          auto chooser = std::make_shared<prose::SummaryProviderChooser>(
              std::move(start), path, [](const std::string& reason) {
                std::fprintf(stderr, "axl-docs lsp: modelPath: %s\n", reason.c_str());
              });
          engine = lsp::make_composer_engine(
              [chooser](const lsp::Settings& s) {
                prose::ModelProviderOptions o;
                o.max_tokens = s.max_tokens;
                o.temperature = static_cast<float>(s.temperature);
                return chooser->make(s.model_path, o);
              },
              uses_model);
        }
        int status = lsp::run_stdio_server(std::move(engine), *opts);
        if (status != 0) throw ExitCode{status};
      });
    }};

} // namespace
} // namespace axl::app
