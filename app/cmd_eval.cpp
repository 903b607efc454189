// `axl-docs eval --data DIR`: summary quality on a held-out split, every summariser side by side.
// The model's row plugs in through training::model_summariser(generator) once a model is loaded.
#include "app/command_registry.h"
#include "app/model_option.h"
#include "docstring/heuristic_summary.h"
#include "model/model_location.h"
#include "parser/python_parser.h"
#include "training/dataset_builder.h"
#include "training/dataset_io.h"
#include "training/evaluation.h"
#include "training/field_evaluation.h"
#include "training/train_data.h"
#include "training/training_sequences.h"

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
  int no_repeat = prose::kNoRepeatBytes;
  int beam = prose::kBeamWidth; // 1 = greedy
  float length_penalty = 1.0f;  // beam search only
  int jobs = 0;                 // 0 = all cores
  size_t sample = 0;            // 0 = the whole split
  size_t sample_offset = 0;
  std::string dump; // JSONL of every field (training/judge/make_pack.py)

  prose::ModelProviderOptions decoding() const {
    prose::ModelProviderOptions o;
    o.beam_width = beam;
    o.no_repeat_bytes = no_repeat;
    o.length_penalty = length_penalty;
    return o;
  }
};

// The training text of a sample, with the special tokens and the loss weights' regions marked.
void print_sequences(const Sample& s) {
  for (const auto& seq : training_sequences(s)) {
    std::string text;
    for (size_t i = 0; i < seq.tokens.size(); ++i) {
      if (i == seq.target_begin) text += "\u27e6"; // the answer starts here
      int t = seq.tokens[i];
      text += t == model::kBos   ? std::string("<BOS>")
              : t == model::kEos ? std::string("<EOS>")
                                 : std::string(1, static_cast<char>(t));
    }
    fmt::print("--- {} tokens, answer from token {}\n{}\n", seq.tokens.size(), seq.target_begin,
               text);
  }
}

// The heuristic needs a Definition: the sample's code re-parsed (training/field_evaluation.h).
std::string heuristic_for(const Sample& s) {
  auto def = sample_definition(s);
  return def ? docstring::heuristic_summary(*def) : name_split_for(s);
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
  auto samples = spread_sample(read_split(split_file(f.data, split)), f.sample, f.sample_offset);
  if (samples.empty()) throw DatasetError("the " + f.split + " split is empty");

  std::vector<std::pair<std::string, Summariser>> summarisers;
  if (f.baseline == "all" || f.baseline == "name-split")
    summarisers.emplace_back("name-split", name_split_for);
  if (f.baseline == "all" || f.baseline == "heuristic")
    summarisers.emplace_back("heuristic", heuristic_for);
  if (summarisers.empty()) throw DatasetError("--baseline must be name-split, heuristic or all");
  std::vector<EvalRow> rows;
  for (const auto& [name, fn] : summarisers)
    rows.push_back({name, evaluate_summaries(samples, fn, f.limit)});
  std::vector<SampleOutcome> outcomes;
  prose::ConfidenceGate gate = prose::ConfidenceGate::closed();
  if (!f.no_model && !f.model.empty()) {
    auto model = std::make_shared<const model::Model>(model::load_model(f.model));
    gate = prose::gate_from_gguf(*model->file);
    print_perplexity(f, samples);
    auto decoding = f.decoding(); // and the model file's word dictionary, as the product uses it
    decoding.dictionary = std::make_shared<const prose::WordDictionary>(
        prose::WordDictionary::from_gguf(*model->file));
    outcomes = run_fields_parallel(samples, model, decoding, f.limit, f.jobs);
    const auto summary = score_task(outcomes, prose::PromptTask::Summary, gate);
    rows.push_back({"model (raw)", summary.raw});
    rows.push_back({"default", summary.gated});
    if (!f.dump.empty()) write_outcomes_jsonl(f.dump, samples, outcomes, gate);
  }
  fmt::print("summary line vs the real first paragraph, {} split of {} ({} samples)\n", f.split,
             f.data, rows.front().scores.count);
  fmt::print("smoothed sentence BLEU-4 (Chen & Cherry method 2) and ROUGE-L F1, x100\n");
  fmt::print("{}", format_score_table(rows));
  if (!outcomes.empty()) {
    fmt::print("\nthe default: the model's text where its guards and the confidence gate accept "
               "it, else the heuristic's\n(gate of {}: {})\n",
               f.model,
               gate.calibrated() ? gate.calibration : "not calibrated: the model writes nothing");
    fmt::print("{}", format_gate_report(outcomes, gate));
  }
  for (size_t i = 0; i < std::min(f.prompts, samples.size()); ++i) {
    fmt::print("\n=== {} ({})\n", samples[i].qualified_name, samples[i].path);
    print_sequences(samples[i]);
  }
  for (size_t i = 0; i < std::min(f.show, samples.size()); ++i) {
    const auto& s = samples[i];
    fmt::print("\n{} ({}:{})\n  reference:  {}\n", s.qualified_name, s.package, s.path, s.summary);
    for (const auto& [name, fn] : summarisers) fmt::print("  {:<13} {}\n", name + ":", fn(s));
    if (i >= outcomes.size()) continue;
    for (const auto& field : outcomes[i].fields) {
      const bool written = model_writes(outcomes[i], field, gate);
      const std::string what = field.task == prose::PromptTask::Param
                                   ? "param " + field.param
                                   : std::string(prose::task_name(field.task));
      if (field.task != prose::PromptTask::Summary)
        fmt::print("  {} reference: {}\n", what, field.reference);
      fmt::print("  {} model:  {}  [{}; mean log-prob {:.3f}, grounded {:.2f}]\n", what,
                 field.model,
                 written           ? "written"
                 : field.guards_ok ? "below the gate"
                                   : "rejected by the guards",
                 field.confidence.mean_logprob, field.confidence.grounded);
    }
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
      cmd->add_option("--sample", flags->sample,
                      "Use N samples spread evenly over the split (0 = all), before --limit");
      cmd->add_option("--sample-offset", flags->sample_offset,
                      "Start the spread of --sample at this index (a disjoint subset)");
      cmd->add_option("--limit", flags->limit, "Score only the first N samples (0 = all)");
      cmd->add_option("--dump", flags->dump,
                      "Write every field of every sample as JSON lines (for blind judging)");
      cmd->add_option("--show", flags->show, "Print the first N samples with every summary");
      add_model_option(cmd, flags->model,
                       "Also score this model: perplexity by region and its summaries",
                       "; none found: the baselines only");
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
      cmd->add_option("--jobs,-j", flags->jobs, "Threads for the model's samples (0 = all cores)")
          ->check(CLI::NonNegativeNumber);
      cmd->add_option("--prompts", flags->prompts,
                      "Print the training sequences (prompt format) of the first N samples");
      cmd->callback(exit_2_on_error("eval", [flags] {
        if (auto where = model::locate_model(flags->model); flags->model.empty() && where.found)
          flags->model = where.path;
        run(*flags);
      }));
    }};

} // namespace
} // namespace axl::app
