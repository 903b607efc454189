// The model-backed docstring::SummaryProvider: the summary line, each parameter's description and
// the return description, asked of the model exactly as it was trained (prompt_format.h), each
// checked by sanity guards. A field the guards reject stays empty, so the composer fills it from
// the name heuristic; when the summary is rejected, the rest is not asked (the heuristic writes the
// whole docstring). A field whose confidence gate is closed (accepts_nothing) is not decoded at
// all: with the summary's closed, the model does no work. The parser still decides which parameters
// and sections exist.
//
// Threads: a loaded Model is read-only and shared (shared_ptr, mmapped once); each provider owns
// (or borrows from a DecoderPool) its Decoders — one, or beam_width for beam search — and is not
// thread-safe: make one per thread.
#pragma once

#include "docstring/summary_provider.h"
#include "model/beam_search.h"
#include "model/decoder.h"
#include "model/model_file.h"
#include "prose/confidence_gate.h"
#include "prose/prompt_format.h"
#include "prose/word_dictionary.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace axl::prose {

struct ModelProviderOptions {
  // Most bytes generated per field (the answer plus its terminator); capped by the context.
  int max_tokens = static_cast<int>(kMaxTargetBytes + kMaxTerminatorBytes);
  float temperature = 0.0f; // 0: deterministic (beam search of beam_width, or greedy)
  int top_k = 40;           // with temperature > 0; <= 0: all bytes
  float top_p = 1.0f;
  uint64_t seed = 0;
  int no_repeat_bytes = kNoRepeatBytes; // GenerateOptions::no_repeat_bytes
  int beam_width = kBeamWidth;          // with temperature 0; 1: greedy
  float length_penalty = 1.0f;          // model::BeamParams::length_penalty
  // A summary must share a content word with the code (grounded_in): an undertrained model's
  // fluent nonsense ("Compute the server of the server.") is worse than the heuristic's summary.
  // Costs: 11.3% of real human summaries share no word with their code ("Singular Value
  // Decomposition." for `svd`); those fall back to the heuristic too.
  bool grounded_summary = true;
  // Which guarded fields the model may write (confidence_gate.h). Open here, for tests and
  // calibration; load_summary_provider() uses the thresholds calibrated into the model file.
  ConfidenceGate gate = ConfidenceGate::open();
  // Words prose may use (word_dictionary.h); null or empty: no such check. From the model file.
  std::shared_ptr<const WordDictionary> dictionary;
};

// One field the model was asked for, as the provider saw it (for calibration and `eval`).
struct FieldRecord {
  PromptTask task = PromptTask::Summary;
  std::string param;     // Param: the parameter's name
  std::string text;      // the answer after tidy_field ("" when cancelled)
  std::string rejection; // why the guards rejected it ("" = accepted by the guards)
  FieldConfidence confidence;
  bool gated_out = false; // accepted by the guards, refused by the gate
  bool written() const { return rejection.empty() && !gated_out && !text.empty(); }
};

class ModelSummaryProvider final : public docstring::SummaryProvider {
public:
  // Owns a decoder of its own.
  explicit ModelSummaryProvider(std::shared_ptr<const model::Model> model,
                                ModelProviderOptions options = {});
  // Takes its decoders (one; `beam_width` for beam search) from `take`, e.g. a DecoderPool's;
  // they must decode `model`.
  using DecoderSource = std::function<std::shared_ptr<model::Decoder>()>;
  ModelSummaryProvider(std::shared_ptr<const model::Model> model, DecoderSource take,
                       ModelProviderOptions options = {});

  docstring::DocText describe(const parser::Definition& def, std::string_view context_window,
                              std::stop_token stop = {}) override;
  // All their summaries decode in one batch, then all the parameters and returns of those whose
  // summary was accepted: the same texts as describe() for each, read from the weights less often.
  std::vector<docstring::DocText> describe_all(std::span<const Request> requests,
                                               std::stop_token stop = {}) override;
  std::string_view name() const override { return "axl-model"; }
  const ModelProviderOptions& options() const { return options_; }
  const std::shared_ptr<const model::Model>& model() const { return model_; }

  struct Stats {
    int asked = 0, accepted = 0, rejected = 0; // fields (accepted: written by the model)
    int gated_out = 0;                         // passed the guards, refused by the gate
    int tokens = 0;                            // bytes generated
    double seconds = 0;                        // in the model (prefill + decode)
  };
  const Stats& stats() const { return stats_; }
  // The reason the last rejected field was rejected (for logs and tests).
  const std::string& last_rejection() const { return last_rejection_; }

  // One raw answer, cut by finish_generation (empty when stopped); public for tests and `eval`.
  // `mean_logprob`: per generated byte, when decoding is deterministic (else -inf).
  std::string ask(const PromptRequest& request, std::stop_token stop, bool* complete = nullptr,
                  double* mean_logprob = nullptr);
  // Called with every field asked, accepted or not (calibration and `eval` record them).
  void set_field_observer(std::function<void(const FieldRecord&)> observer) {
    observer_ = std::move(observer);
  }

private:
  std::shared_ptr<const model::Model> model_;
  DecoderSource take_;
  std::shared_ptr<model::Decoder> decoder_;
  std::unique_ptr<model::BeamSearch> beam_; // decoder_ + beam_width - 1 more, at the first ask
  ModelProviderOptions options_;
  Stats stats_;
  std::string last_rejection_;
  std::function<void(const FieldRecord&)> observer_;

  struct Answer {
    std::string text; // cut by finish_generation; "" when cancelled
    bool complete = false;
    double mean_logprob = -std::numeric_limits<double>::infinity();
  };
  model::GenerateOptions options_for(const PromptRequest& request, size_t prompt_bytes,
                                     const std::atomic<bool>* cancel) const;
  bool deterministic() const;
  model::BeamSearch& beam();
  Answer answer(const PromptRequest& request, const model::GenerateResult& result);
  // The raw answers to independent requests (one batched beam search when deterministic).
  std::vector<Answer> ask_all(std::span<const PromptRequest> requests, std::stop_token stop);
  // Guards, dictionary and gate: the text to write, or "" (the heuristic writes).
  std::string accept(const PromptRequest& request, Answer answer);
};

} // namespace axl::prose
