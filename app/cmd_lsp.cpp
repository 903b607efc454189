// `axl-docs lsp`: the language server on stdio (see lsp/).
#include "command_registry.h"

#include "lsp/composer_engine.h"
#include "lsp/stdio_server.h"
#include "training/model_provider.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

namespace axl::app {
namespace {

// "~/x" -> "$HOME/x"; then the absolute, normalised path (a file that does not exist yet is fine).
std::string resolve_path(const std::string& path) {
  std::string p = path;
  if (p.starts_with("~/"))
    if (const char* home = std::getenv("HOME")) p = std::string(home) + p.substr(1);
  std::error_code ec;
  auto abs = std::filesystem::weakly_canonical(p, ec);
  return ec ? p : abs.string();
}

// The model chosen at start (--model or the default) serves every document whose `modelPath`
// setting is empty; a document whose setting names another file gets that model, loaded on first
// use and kept (reloaded when the file changes). A setting that names an unusable file falls back
// to the heuristic and says why on stderr (the client's server log), once per file.
class ProviderChooser {
public:
  ProviderChooser(training::SummaryProviderSource start, std::string start_path)
      : start_(std::move(start)), start_path_(resolve_path(start_path)) {}

  std::unique_ptr<docstring::SummaryProvider> make(const lsp::Settings& s) {
    training::ModelProviderOptions opts;
    opts.max_tokens = s.max_tokens;
    opts.temperature = static_cast<float>(s.temperature);
    if (s.model_path.empty()) return start_.make(opts);
    const std::string path = resolve_path(s.model_path);
    if (path == start_path_) return start_.make(opts);
    auto source = cache_.get(path);
    if (!source.uses_model()) {
      std::lock_guard lock(mu_);
      if (reported_.insert(path).second)
        std::fprintf(stderr, "axl-docs lsp: modelPath: %s\n", source.reason().c_str());
    }
    return source.make(opts);
  }

private:
  training::SummaryProviderSource start_;
  std::string start_path_;
  training::SummaryProviderCache cache_;
  std::mutex mu_;
  std::set<std::string> reported_;
};

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
      cmd->add_option("--model,-m", model->path,
                      "GGUF model for the prose (default: models/axl-docs-lion.gguf); the "
                      "`modelPath` setting overrides it per document");
      cmd->add_flag("--no-model", model->none,
                    "Prose from the name heuristic only (ignores --model and `modelPath`)");
      cmd->callback([opts, stdio, model] {
        if (model->none && !model->path.empty())
          throw std::runtime_error("--model and --no-model exclude each other");
        std::unique_ptr<lsp::DocstringEngine> engine;
        if (model->none) {
          engine = lsp::make_composer_engine();
        } else {
          const std::string path =
              model->path.empty() ? axl::model::default_model_path() : model->path;
          auto start = training::load_summary_provider(path);
          if (!start.reason().empty())
            std::fprintf(stderr, "axl-docs lsp: %s\n", start.reason().c_str());
          const bool uses_model = start.uses_model();
          auto chooser = std::make_shared<ProviderChooser>(std::move(start), path);
          engine = lsp::make_composer_engine(
              [chooser](const lsp::Settings& s) { return chooser->make(s); }, uses_model);
        }
        int status = lsp::run_stdio_server(std::move(engine), *opts);
        if (status != 0) throw ExitCode{status};
      });
    }};

} // namespace
} // namespace axl::app
