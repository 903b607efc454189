// `axl-docs export --format llama`: the fine-scale stack as a llama-architecture GGUF for
// llama.cpp, Ollama and LM Studio (model/llama_export.h), optionally with an Ollama Modelfile.
#include "app/model_option.h"
#include "command_registry.h"
#include "model/llama_export.h"
#include "model/model_location.h"

#include <cstdio>
#include <filesystem>
#include <fmt/format.h>

namespace {

using namespace axl::model;

// The Ollama Modelfile for an exported file (models/Modelfile is this text); from_path is
// relative to the Modelfile's folder.
std::string modelfile_text(const std::string& from_path) {
  return fmt::format(
      "# Ollama: ollama create axl-docs-lion -f Modelfile\n"
      "# The fine-scale stack of AXL-Docs-Lion (axl-docs export --format llama). Raw byte-level\n"
      "# completion: give it the code of a function followed by an opening docstring.\n"
      "FROM {}\n"
      "TEMPLATE \"{{{{ .Prompt }}}}\"\n"
      "PARAMETER temperature 0\n"
      "PARAMETER top_k 1\n"
      "PARAMETER num_ctx 256\n"
      "PARAMETER num_predict 96\n"
      "# The stop is the docstring's closing three quotes: Ollama's parser has no escapes and\n"
      "# takes a value wrapped in three quotes verbatim, so it is written as nine.\n"
      "PARAMETER stop \"\"\"\"\"\"\"\"\"\n",
      from_path);
}

int64_t fine_stack_parameters(const Config& c) {
  const int64_t d = c.d_model, f = c.d_ff;
  return 2 * int64_t(c.vocab) * d + d + c.n_layer * (2 * d + 4 * d * d + 3 * d * f);
}

void add_export(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "export", "Export the fine-scale stack as a llama GGUF for llama.cpp, Ollama and LM Studio");
  struct Args {
    std::string format = "llama", out, type = "f16", model, modelfile;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("--format", a->format, "export format (only llama)")
      ->check(CLI::IsMember({"llama"}));
  sub->add_option("--out,-o", a->out, "output GGUF path")->required();
  sub->add_option("--type", a->type, "matrix type: f32, f16 (default) or q8_0")
      ->check(CLI::IsMember({"f32", "f16", "q8_0"}));
  axl::app::add_model_option(sub, a->model);
  sub->add_option("--modelfile", a->modelfile,
                  "also write an Ollama Modelfile here (FROM the exported file)");
  sub->footer("The export holds the byte-scale stack only (token embedding, its 3 layers, final "
              "norm, head): what `axl-docs generate --fine-only` computes. The coarse scales and "
              "cross-scale fusion of the full model have no llama.cpp equivalent.");
  sub->callback([a] {
    const std::string path = require_model(a->model);
    const Model m = load_model(path);
    LlamaExportOptions opt;
    opt.type = parse_export_type(a->type);
    export_llama(m, a->out, opt);
    const auto size = std::filesystem::file_size(a->out);
    fmt::print("wrote {}: llama architecture, fine-scale stack of {} ({} parameters, {} matrices, "
               "{:.1f} MiB)\n",
               a->out, path, fine_stack_parameters(m.cfg), a->type, size / 1048576.0);
    if (!a->modelfile.empty()) {
      const auto rel =
          std::filesystem::absolute(a->out)
              .lexically_relative(std::filesystem::absolute(a->modelfile).parent_path())
              .generic_string();
      const std::string text = modelfile_text(rel.starts_with(".") ? rel : "./" + rel);
      atomic_write_file(a->modelfile, [&](std::FILE* f) {
        if (std::fwrite(text.data(), 1, text.size(), f) != text.size())
          throw std::runtime_error("write failed");
      });
      fmt::print("wrote {} (ollama create axl-docs-lion -f {})\n", a->modelfile, a->modelfile);
    }
  });
}

axl::app::RegisterCommand reg_export{"export", add_export};

} // namespace
