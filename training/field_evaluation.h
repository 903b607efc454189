// What the product writes for each docstring field of held-out samples, next to the references:
// the model's answer (through the real provider, so guards and decoding are the product's), its
// confidence, and the heuristic's text. From these, `eval` scores the gated default and
// `calibrate` chooses the confidence gate's thresholds (on val only).
#pragma once

#include "prose/confidence_gate.h"
#include "prose/model_summary_provider.h"
#include "training/metrics.h"
#include "training/sample.h"

#include <string>
#include <vector>

namespace axl::training {

struct FieldOutcome {
  prose::PromptTask task = prose::PromptTask::Summary;
  std::string param;     // Param: the parameter's name
  std::string reference; // the real text ("" = the sample documents none: not scored)
  std::string heuristic; // what the heuristic writes for this field
  std::string model;     // the model's answer after tidy_field (even when the guards reject it)
  bool guards_ok = false;
  prose::FieldConfidence confidence;
  // Against the reference, in [0, 1] (computed once: calibration scores many gates).
  double model_bleu = 0, model_rouge = 0, heuristic_bleu = 0, heuristic_rouge = 0;
};

struct SampleOutcome {
  std::vector<FieldOutcome> fields; // fields[0] is the summary
};

// The definition a sample's code window describes, re-parsed, with what the window dropped
// (decorators, qualified name, method-ness) restored; nullopt when it cannot be re-parsed.
std::optional<parser::Definition> sample_definition(const Sample& sample);

// Asks `provider` (its gate is ignored: every guarded answer is recorded) for the sample's
// fields, as `annotate` would: the summary, then, when the guards accept the summary, every
// described parameter and the returns.
SampleOutcome run_fields(const Sample& sample, prose::ModelSummaryProvider& provider);

// run_fields over the first `limit` samples (0 = all) on `jobs` threads (0 = all cores), each with
// its own provider (open gate, `decoding`'s other options); results in sample order, the same for
// any thread count. Progress goes to stderr every 100 samples.
std::vector<SampleOutcome> run_fields_parallel(const std::vector<Sample>& samples,
                                               std::shared_ptr<const model::Model> model,
                                               prose::ModelProviderOptions decoding,
                                               size_t limit = 0, int jobs = 0);

// Whether the product writes a field's model text under `gate`: the guards and the gate accept it,
// and (for parameters and returns, which are asked only then) the sample's summary is written too.
bool model_writes(const SampleOutcome& sample, const FieldOutcome& field,
                  const prose::ConfidenceGate& gate);

// Scores of one task's fields under a gate.
struct GatedScores {
  size_t fields = 0, written = 0;
  SummaryScores gated;     // the default: model where written, heuristic elsewhere
  SummaryScores raw;       // the model everywhere (its answer even where the guards reject it)
  SummaryScores heuristic; // the heuristic everywhere
  SummaryScores model_on_written, heuristic_on_written; // on the share the model writes
};
GatedScores score_task(const std::vector<SampleOutcome>& samples, prose::PromptTask task,
                       const prose::ConfidenceGate& gate);

struct CalibrationOptions {
  // The model's text must beat the heuristic's on the share it writes by this many points of both
  // BLEU-4 and ROUGE-L (x100), a margin against n-gram noise; chosen before looking at results.
  double margin = 2.0;
  size_t min_written = 20; // fewer written fields than this: too few to trust, gate closed
};
// Per task, the thresholds (mean log-prob, grounded share) that maximise the gated default's mean
// of BLEU-4 and ROUGE-L, among those where the model beats the heuristic on its share by the
// margin; a task where none does is closed. Parameters and returns are calibrated on the samples
// whose summary passes the chosen summary threshold.
prose::ConfidenceGate calibrate_gate(const std::vector<SampleOutcome>& samples,
                                     const CalibrationOptions& options = {});

// The report `eval` and `calibrate` print: per task, n, the share the model writes, and BLEU-4 /
// ROUGE-L of the gated default, the heuristic and the raw model, all fields and the written share.
std::string format_gate_report(const std::vector<SampleOutcome>& samples,
                               const prose::ConfidenceGate& gate);

// One JSON object per sample (package, path, qualified_name, kind, and per field: task, param,
// reference, model, heuristic, default, written, mean_logprob, grounded), written atomically to
// `path`: the input of training/judge/make_pack.py.
void write_outcomes_jsonl(const std::string& path, const std::vector<Sample>& samples,
                          const std::vector<SampleOutcome>& outcomes,
                          const prose::ConfidenceGate& gate);

} // namespace axl::training
