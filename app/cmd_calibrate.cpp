// `axl-docs calibrate --data DIR --out MODEL`: chooses the confidence gate's thresholds for a model
// on the val split (never test: the test split measures the choice) and writes them into a copy
// of the model file (axl.gate.* keys), so every subcommand that loads it gates the same way.
#include "app/command_registry.h"
#include "app/model_option.h"
#include "model/model_file.h"
#include "model/model_location.h"
#include "training/calibration_file.h"
#include "training/corpus_words.h"
#include "training/dataset_builder.h"
#include "training/dataset_io.h"
#include "training/evaluation.h"
#include "training/field_evaluation.h"

#include <fmt/core.h>

#include <filesystem>

namespace axl::app {
namespace {
using namespace axl::training;

struct Flags {
  std::string data;
  std::string model; // "" = the shipped model
  std::string out;
  size_t limit = 0;
  size_t sample = 0;
  size_t sample_offset = 0;
  int jobs = 0;
  CalibrationOptions calibration;
  std::vector<std::string> close; // fields whose gate is closed whatever the n-gram scores say
  std::string why;                // recorded in the model file with --close
};

void run(const Flags& f) {
  const std::string in = model::require_model(f.model);
  auto samples =
      spread_sample(read_split(split_file(f.data, Split::Val)), f.sample, f.sample_offset);
  if (samples.empty()) throw DatasetError("the val split is empty");
  auto loaded = std::make_shared<const model::Model>(model::load_model(in));
  prose::ModelProviderOptions decoding;
  // The words the corpus's docstrings use: answers with other words (not in the code either) are
  // rejected, during calibration as afterwards.
  auto words = std::make_shared<const prose::WordDictionary>(
      dictionary_from_samples(read_split(split_file(f.data, Split::Train))));
  fmt::print("word dictionary: {} words used at least twice in the train split's docstrings\n",
             words->size());
  decoding.dictionary = words;
  std::vector<prose::PromptTask> closed;
  for (const auto& name : f.close) {
    auto task =
        name == "summary" ? prose::PromptTask::Summary
        : name == "param" ? prose::PromptTask::Param
        : name == "returns"
            ? prose::PromptTask::Returns
            : throw DatasetError("--close takes summary, param or returns, not '" + name + "'");
    closed.push_back(task);
  }
  prose::ConfidenceGate gate = prose::ConfidenceGate::closed();
  std::vector<SampleOutcome> outcomes;
  const bool measured = closed.size() < 3; // every field closed: nothing to measure
  if (measured) {
    outcomes = run_fields_parallel(samples, loaded, decoding, f.limit, f.jobs);
    gate = calibrate_gate(outcomes, f.calibration);
    gate.calibration = fmt::format("val split of {}: {} samples (--sample {} --limit {}); margin "
                                   "{:.1f} points; {}",
                                   std::filesystem::path(f.data).filename().string(),
                                   outcomes.size(), f.sample, f.limit, f.calibration.margin, in);
    fmt::print("confidence gate of {} chosen on the val split ({} samples)\n", in, outcomes.size());
  } else {
    // What `info` shows: the sample flags did not apply, so they are not written as if they had.
    gate.calibration = "not measured: every field closed by --close; " + in;
    fmt::print("every field closed by --close: nothing measured; confidence gate of {} closed\n",
               in);
  }
  for (auto task : closed) gate.for_task(task) = prose::GateThreshold::closed();
  for (auto task : closed) gate.calibration += fmt::format("; {} closed", prose::task_name(task));
  if (!closed.empty() && !f.why.empty()) gate.calibration += " (" + f.why + ")";
  fmt::print("{}", format_gate_report(outcomes, gate));
  write_gate(in, f.out, gate, words.get());
  fmt::print("wrote {} (the model with these thresholds)\n", f.out);
}

RegisterCommand reg{
    "calibrate", [](CLI::App& app) {
      auto flags = std::make_shared<Flags>();
      auto* cmd = app.add_subcommand(
          "calibrate", "Choose the confidence gate's thresholds on the val split; write them into "
                       "the model file");
      cmd->add_option("--data", flags->data, "Corpus folder written by `axl-docs dataset`")
          ->required();
      add_model_option(cmd, flags->model, "Model to calibrate");
      cmd->add_option("--out,-o", flags->out,
                      "Where to write the calibrated model (may be --model)")
          ->required();
      cmd->add_option("--sample", flags->sample,
                      "Use N val samples spread evenly over the split (0 = all), before --limit");
      cmd->add_option("--sample-offset", flags->sample_offset,
                      "Start the spread of --sample at this index (a disjoint subset)");
      cmd->add_option("--limit", flags->limit, "Use only the first N val samples (0 = all)");
      cmd->add_option("--margin", flags->calibration.margin,
                      "Points of BLEU-4 and ROUGE-L by which the model must beat the heuristic on "
                      "the fields it writes")
          ->capture_default_str()
          ->check(CLI::Range(0.0, 100.0));
      cmd->add_option("--close", flags->close,
                      "Fields the model never writes, whatever the scores (summary,param,returns), "
                      "e.g. after a blind judgement on val")
          ->delimiter(',');
      cmd->add_option("--why", flags->why, "Why --close (kept in the model file, shown by info)");
      cmd->add_option("--jobs,-j", flags->jobs, "Threads (0 = all cores)")
          ->check(CLI::NonNegativeNumber);
      cmd->callback(exit_2_on_error("calibrate", [flags] { run(*flags); }));
    }};

} // namespace
} // namespace axl::app
