// Text generation on top of Decoder + Sampler, for the CLI, the LSP server and the HTTP API.
#pragma once

#include "decoder.h"
#include "sampler.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace axl::model {

struct GenerateOptions {
  int max_new_tokens = 50;
  SamplerParams sampling;
  std::vector<std::string> stop; // generation ends when the text ends with one (it is not returned)
  bool stop_at_eos = true;       // EOS ends generation with finish reason "stop"
  bool add_bos = false;          // prepend BOS to the prompt (an empty prompt always gets BOS)
  // The first stage of the sampler chain (no_repeat_stage in sampler.h): no byte may repeat an
  // n-byte string already in the completion. 0: off.
  int no_repeat_bytes = 0;
  DecodeMode mode = DecodeMode::Full;
  const std::atomic<bool>* cancel = nullptr; // checked before every byte
  // Called with each new piece of completion text. Bytes that could start a stop sequence are
  // held back until they cannot, so streamed text never contains a stop sequence.
  std::function<void(std::string_view)> on_text;
};

struct GenerateResult {
  std::string text;          // completion bytes (raw; may end inside a UTF-8 sequence)
  std::string finish_reason; // "stop", "length" or "cancelled"
  int prompt_tokens = 0, completion_tokens = 0;
  double logprob = 0.0; // beam search: sum of the completion tokens' log-probabilities
  double prefill_seconds = 0.0, decode_seconds = 0.0;
};

// The first of `stops` (empty ones never match) that text ends with, or nullptr.
const std::string* ending_stop(const std::string& text, const std::vector<std::string>& stops);

// One completion, advanced one byte at a time by whoever owns the decoder: generate() below for a
// single stream, the API's batch generator for many streams in one Decoder::step_batch. Holds
// everything but the decoder (sampler, text, stop sequences, streaming hold-back), so both give
// the same bytes for the same prompt and options.
//
//   Generation g(prompt, opt);
//   start_prompt(dec, g.prompt_ids(), nullptr);
//   g.prefilled();
//   for (int tok; (tok = g.advance(dec.logits())) >= 0;) dec.step(tok);
//   GenerateResult r = g.finish();
class Generation {
public:
  Generation(std::string_view prompt, GenerateOptions opt);
  const std::vector<int>& prompt_ids() const { return ids_; }
  // The prompt is in the decoder: ends the prefill clock, starts the decode clock.
  void prefilled();
  // Samples the next byte from `logits` (the decoder's prediction after everything so far).
  // Returns the token to feed the decoder next, or -1 when the completion is over.
  int advance(const float* logits);
  bool done() const { return done_; }
  // Flushes held-back streamed text and returns the result (call once, after advance() gave -1).
  GenerateResult finish();

private:
  GenerateOptions opt_;
  std::vector<std::string> stops_; // non-empty stop sequences
  std::vector<int> ids_;
  Sampler sampler_;
  GenerateResult r_;
  size_t emitted_ = 0; // bytes of r_.text already given to on_text
  int steps_ = 0;
  bool done_ = false;
  std::chrono::steady_clock::time_point clock_;
};

GenerateResult generate(const Model& model, std::string_view prompt, const GenerateOptions& opt);
// Same with a caller-owned decoder (reset first), to reuse its buffers across requests. With
// `prefix` (another decoder fed the start of this prompt's tokens), the prefill starts from a copy
// of it (Decoder::feed_from).
GenerateResult generate(Decoder& dec, std::string_view prompt, const GenerateOptions& opt,
                        const Decoder* prefix = nullptr);
// Puts the prompt's tokens into dec: from prefix's state when it holds their start, else fresh.
void start_prompt(Decoder& dec, std::span<const int> ids, const Decoder* prefix);

} // namespace axl::model
