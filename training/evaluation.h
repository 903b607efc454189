// Summary quality on held-out samples: any summariser (baseline, heuristic, model) scored the same
// way.
#pragma once

#include "model/beam_search.h"
#include "model/model_file.h"
#include "prose/prompt_format.h"
#include "training/metrics.h"
#include "training/sample.h"

#include <functional>
#include <string>
#include <vector>

namespace axl::training {

// A summariser under test: a sample (its code, name and kind; never its docstring) -> summary line.
using Summariser = std::function<std::string(const Sample&)>;
// A language model: prompt bytes (BOS implied) -> the raw continuation it generates.
using Generator = std::function<std::string(const std::string& prompt)>;

// The name-split baseline on the sample's name.
std::string name_split_for(const Sample& sample);

// A model as a summariser: build_prompt(Summary) -> generator -> finish_generation.
Summariser model_summariser(Generator generate);

// Greedy decoding of an answer (at most kMaxTargetBytes + terminator) from BOS + prompt; the
// decoder is reused across calls, so the generator is not thread-safe. `model` must outlive it.
// `no_repeat_bytes`: GenerateOptions::no_repeat_bytes (0 = plain greedy).
Generator greedy_generator(const model::Model& model, int no_repeat_bytes = prose::kNoRepeatBytes);

// Beam search instead (BeamSearch with `beam`), same answer length, stops and no-repeat stage.
Generator beam_generator(const model::Model& model, model::BeamParams beam,
                         int no_repeat_bytes = prose::kNoRepeatBytes);

struct EvalRow {
  std::string name;
  SummaryScores scores;
};

// `n` samples spread evenly over the split (every size/n-th, in order, starting at `offset`), so a
// subset covers every package instead of the first few; n = 0 or >= size keeps all. Two subsets
// with the same n and different offsets below size/n are disjoint (calibrate on one, judge on the
// other).
std::vector<Sample> spread_sample(std::vector<Sample> samples, size_t n, size_t offset = 0);

// Scores `summarise` against each sample's summary (the real first paragraph). `limit` 0 = all.
SummaryScores evaluate_summaries(const std::vector<Sample>& samples, const Summariser& summarise,
                                 size_t limit = 0);

// "summariser   n   BLEU-4   ROUGE-L" table, one row per summariser, side by side.
std::string format_score_table(const std::vector<EvalRow>& rows);

} // namespace axl::training
