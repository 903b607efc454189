// Beam search over bytes: keeps the `width` most probable completions at every byte and returns
// the finished one with the best length-normalised log-probability. Deterministic (no sampling);
// for short answers (docstring summaries) where greedy decoding commits to a poor first word.
#pragma once

#include "decoder.h"
#include "generate.h"

#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace axl::model {

struct BeamParams {
  int width = 4;
  // A finished completion scores logprob / tokens^length_penalty (0: raw log-probability, which
  // favours short answers; 1: mean log-probability per byte).
  float length_penalty = 1.0f;
  // Advance the live hypotheses with one Decoder::step_batch (each weight read once per byte for
  // all of them) instead of one step each; the results are the same bit for bit (benchmarks
  // compare the two).
  bool batched = true;
};

// One prompt of a batch of searches (run_many). opt must outlive the call.
struct BeamJob {
  std::string_view prompt;
  const GenerateOptions* opt = nullptr;
  const Decoder* prefix = nullptr; // see BeamSearch::run
};

class BeamSearch {
public:
  using DecoderSource = std::function<std::shared_ptr<Decoder>()>;
  BeamSearch(const Model& model, BeamParams params, DecodeMode mode = DecodeMode::Full);
  // Borrows these decoders (one per beam, all of one model and mode; e.g. from a pool), so
  // repeated searches reuse their buffers. The width is their number. run_many takes `width`
  // more per extra prompt from `more` (e.g. the pool's take) and keeps them.
  BeamSearch(std::vector<std::shared_ptr<Decoder>> decoders, float length_penalty,
             DecoderSource more = {});
  ~BeamSearch();
  // Uses opt's max_new_tokens, stop, stop_at_eos, add_bos, no_repeat_bytes (per hypothesis) and
  // cancel; sampling and on_text do not apply. The live hypotheses advance together, one
  // Decoder::step_batch per byte. With `prefix` (a decoder that was fed the start of this
  // prompt's tokens, not one of the beams), the prompt's prefill starts from a copy of it
  // (Decoder::feed_from).
  GenerateResult run(std::string_view prompt, const GenerateOptions& opt,
                     const Decoder* prefix = nullptr);
  // Several independent searches at once (e.g. one docstring's parameter and returns prompts, or
  // the summaries of many definitions): every live hypothesis of every prompt advances in one
  // Decoder::step_batch per byte, so the weights are read once per byte for all of them. Result
  // i is exactly what run(jobs[i]) returns. Needs width decoders per prompt (see the
  // constructors); the model constructor makes them.
  std::vector<GenerateResult> run_many(std::span<const BeamJob> jobs);

private:
  struct Search;
  BeamParams p_;
  std::vector<std::shared_ptr<Decoder>> decs_; // width per prompt; a fork copies state
  DecoderSource source_;
};

} // namespace axl::model
