// `axl-docs eval --data DIR`: summary quality on a held-out split, every summariser side by side.
// The model's row plugs in through training::model_summariser(generator) once a model is loaded.
#include "app/command_registry.h"
#include "docstring/heuristic_summary.h"
#include "parser/python_parser.h"
#include "training/dataset_builder.h"
#include "training/dataset_io.h"
#include "training/evaluation.h"
#include "training/prompt_format.h"
#include "training/train_data.h"

#include <fmt/core.h>

#include <filesystem>
#include <optional>
#include <thread>
#include <tuple>

namespace axl::app {
namespace {
using namespace axl::training;

struct Flags {
  std::string data;
  std::string split = "test";
  std::string baseline = "all";
  size_t limit = 0;
  size_t show = 0;
  size_t prompts = 0;
  std::string model; // "" = the shipped model when present
  bool no_model = false;
  int no_repeat = kNoRepeatBytes;
  int beam = kBeamWidth;       // 1 = greedy
  float length_penalty = 1.0f; // beam search only
};

// The training text of a sample, with the special tokens and the loss weights' regions marked.
void print_sequences(const Sample& s) {
  for (const auto& seq : training_sequences(s)) {
    std::string text;
    for (size_t i = 0; i < seq.tokens.size(); ++i) {
      if (i == seq.target_begin) text += "\u27e6"; // the answer starts here
      int t = seq.tokens[i];
      text += t == kBosToken   ? std::string("<BOS>")
              : t == kEosToken ? std::string("<EOS>")
                               : std::string(1, static_cast<char>(t));
    }
    fmt::print("--- {} tokens, answer from token {}\n{}\n", seq.tokens.size(), seq.target_begin,
               text);
  }
}

// The heuristic needs a Definition: re-parse the sample's code (the signature is always whole) and
// restore what the context window dropped (decorators, qualified name, method-ness).
std::string heuristic_for(const Sample& s) {
  std::string code;
  for (const auto& d : s.decorators) code += "@" + d + "\n";
  code += s.code;
  auto parsed = parser::parse_python(code);
  for (auto& def : parsed.definitions) {
    if (def.kind == parser::DefKind::Module) continue;
    def.qualified_name = s.qualified_name;
    if (s.kind == parser::DefKind::Method) def.kind = parser::DefKind::Method;
    return docstring::heuristic_summary(def);
  }
  return name_split_for(s);
}

// Byte-level perplexity of the model on the split, the way it was trained (prompt format), split
// by region: code bytes (body digest + signature), docstring bytes, and the answer alone.
void print_perplexity(const Flags& f, const std::vector<Sample>& samples) {
  model::TrainHyper h;
  h.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto tr = model::Trainer::resume(f.model, h);
  std::vector<Sample> part(
      samples.begin(), samples.begin() + std::min(samples.size(), f.limit ? f.limit : SIZE_MAX));
  const Perplexity p = measure_perplexity(tr, sequences_for(part), 32);
  fmt::print("perplexity of {} on the {} split ({} samples), per byte:\n", f.model, f.split,
             part.size());
  fmt::print("{:<10} {:>10} {:>10} {:>8}\n", "region", "bytes", "bits/byte", "PPL");
  for (auto [name, nll, bytes] : {std::tuple{"code", p.code_nll, p.code_bytes},
                                  {"docstring", p.doc_nll, p.doc_bytes},
                                  {"answer", p.answer_nll, p.answer_bytes}})
    fmt::print("{:<10} {:>10.0f} {:>10.3f} {:>8.3f}\n", name, bytes, Perplexity::bits_per_byte(nll),
               Perplexity::ppl(nll));
}

void run(const Flags& f) {
  Split split = Split::Test;
  if (f.split == "train")
    split = Split::Train;
  else if (f.split == "val")
    split = Split::Val;
  else if (f.split != "test")
    throw DatasetError("--split must be train, val or test");
  auto samples = read_split(split_file(f.data, split));
  if (samples.empty()) throw DatasetError("the " + f.split + " split is empty");

  std::vector<std::pair<std::string, Summariser>> summarisers;
  if (f.baseline == "all" || f.baseline == "name-split")
    summarisers.emplace_back("name-split", name_split_for);
  if (f.baseline == "all" || f.baseline == "heuristic")
    summarisers.emplace_back("heuristic", heuristic_for);
  if (summarisers.empty()) throw DatasetError("--baseline must be name-split, heuristic or all");
  std::optional<model::Model> model;
  if (!f.no_model && !f.model.empty()) {
    model = model::load_model(f.model);
    auto generator = f.beam > 1 ? beam_generator(*model, {f.beam, f.length_penalty}, f.no_repeat)
                                : greedy_generator(*model, f.no_repeat);
    summarisers.emplace_back("model", model_summariser(std::move(generator)));
    print_perplexity(f, samples);
  }

  std::vector<EvalRow> rows;
  for (const auto& [name, fn] : summarisers)
    rows.push_back({name, evaluate_summaries(samples, fn, f.limit)});
  fmt::print("summary line vs the real first paragraph, {} split of {} ({} samples)\n", f.split,
             f.data, rows.front().scores.count);
  fmt::print("smoothed sentence BLEU-4 (Chen & Cherry method 2) and ROUGE-L F1, x100\n");
  fmt::print("{}", format_score_table(rows));
  for (size_t i = 0; i < std::min(f.prompts, samples.size()); ++i) {
    fmt::print("\n=== {} ({})\n", samples[i].qualified_name, samples[i].path);
    print_sequences(samples[i]);
  }
  for (size_t i = 0; i < std::min(f.show, samples.size()); ++i) {
    const auto& s = samples[i];
    fmt::print("\n{} ({}:{})\n  reference:  {}\n", s.qualified_name, s.package, s.path, s.summary);
    for (const auto& [name, fn] : summarisers) fmt::print("  {:<11} {}\n", name + ":", fn(s));
  }
}

RegisterCommand reg{
    "eval", [](CLI::App& app) {
      auto flags = std::make_shared<Flags>();
      auto* cmd = app.add_subcommand("eval", "Score summaries on a held-out split of the corpus");
      cmd->add_option("--data", flags->data, "Corpus folder written by `axl-docs dataset`")
          ->required();
      cmd->add_option("--split", flags->split, "train, val or test (default test)");
      cmd->add_option("--baseline", flags->baseline, "name-split, heuristic or all (default all)");
      cmd->add_option("--limit", flags->limit, "Score only the first N samples (0 = all)");
      cmd->add_option("--show", flags->show, "Print the first N samples with every summary");
      cmd->add_option("--model", flags->model,
                      "Also score this model: perplexity by region and its summaries (default: "
                      "models/axl-docs-lion.gguf when present)");
      cmd->add_flag("--no-model", flags->no_model, "Score the baselines only");
      cmd->add_option("--no-repeat", flags->no_repeat,
                      "Decoding: ban bytes that repeat an N-byte string of the answer (0 = off)")
          ->capture_default_str()
          ->check(CLI::NonNegativeNumber);
      cmd->add_option("--beam", flags->beam, "Decoding: beam search of this width (1 = greedy)")
          ->capture_default_str()
          ->check(CLI::Range(1, 64));
      cmd->add_option("--length-penalty", flags->length_penalty,
                      "Beam search: score = logprob / bytes^P (0 favours short answers)")
          ->capture_default_str()
          ->check(CLI::Range(0.0, 4.0));
      cmd->add_option("--prompts", flags->prompts,
                      "Print the training sequences (prompt format) of the first N samples");
      cmd->callback([flags] {
        try {
          if (flags->model.empty() && std::filesystem::exists(model::default_model_path()))
            flags->model = model::default_model_path();
          run(*flags);
        } catch (const std::exception& e) {
          fmt::print(stderr, "axl-docs eval: error: {}\n", e.what());
          throw ExitCode{2};
        }
      });
    }};

} // namespace
} // namespace axl::app
