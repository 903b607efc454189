// Beam search over bytes: keeps the `width` most probable completions at every byte and returns
// the finished one with the best length-normalised log-probability. Deterministic (no sampling);
// for short answers (docstring summaries) where greedy decoding commits to a poor first word.
#pragma once

#include "decoder.h"
#include "generate.h"

#include <memory>
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

class BeamSearch {
public:
  BeamSearch(const Model& model, BeamParams params, DecodeMode mode = DecodeMode::Full);
  // Borrows these decoders (one per beam, all of one model and mode; e.g. from a pool), so
  // repeated searches reuse their buffers. The width is their number.
  BeamSearch(std::vector<std::shared_ptr<Decoder>> decoders, float length_penalty);
  // Uses opt's max_new_tokens, stop, stop_at_eos, add_bos, no_repeat_bytes (per hypothesis) and
  // cancel; sampling and on_text do not apply. The live hypotheses advance together, one
  // Decoder::step_batch per byte. With `prefix` (a decoder that was fed the start of this
  // prompt's tokens, not one of the beams), the prompt's prefill starts from a copy of it
  // (Decoder::feed_from).
  GenerateResult run(std::string_view prompt, const GenerateOptions& opt,
                     const Decoder* prefix = nullptr);

private:
  BeamParams p_;
  std::vector<std::shared_ptr<Decoder>> decs_; // one per beam; a fork copies state
};

} // namespace axl::model
