// Text generation on top of Decoder + Sampler, for the CLI, the LSP server and the HTTP API.
#pragma once

#include "decoder.h"
#include "sampler.h"

#include <atomic>
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

GenerateResult generate(const Model& model, std::string_view prompt, const GenerateOptions& opt);
// Same with a caller-owned decoder (reset first), to reuse its buffers across requests. With
// `prefix` (another decoder fed the start of this prompt's tokens), the prefill starts from a copy
// of it (Decoder::feed_from).
GenerateResult generate(Decoder& dec, std::string_view prompt, const GenerateOptions& opt,
                        const Decoder* prefix = nullptr);
// Puts the prompt's tokens into dec: from prefix's state when it holds their start, else fresh.
void start_prompt(Decoder& dec, std::span<const int> ids, const Decoder* prefix);

} // namespace axl::model
