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
#include "training/confidence_gate.h"
#include "training/prompt_format.h"
#include "training/word_dictionary.h"

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

namespace axl::training {

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

// Generated text made style-neutral before the guards: epytext inline markup (`L{Deferred}`,
// `I{x}`) keeps its text, `C{x}` becomes `x` in backquotes.
std::string tidy_field(std::string_view text);

// Why a generated field is unusable, or nullopt when it may be used. `code` is the definition's
// context window (signature first), for the code-echo check. The checks: empty, too long (over
// kMaxTargetBytes) or too short, bytes that are not printable UTF-8, repetition (a word 3-gram
// said again at once or a 4-gram twice, a word other than a function word said three times, a
// run of one byte or a
// short pattern), text that looks like code or echoes the signature/body, unbalanced brackets, a
// summary that does not start with a word, a parameter description that is only its name.
std::optional<std::string> reject_reason(PromptTask task, std::string_view text,
                                         std::string_view code, std::string_view param = {});

// Decoders for one model, handed out to providers and taken back when they are done, so the
// per-request providers of the LSP and the HTTP API reuse KV-cache buffers. Thread-safe.
class DecoderPool : public std::enable_shared_from_this<DecoderPool> {
public:
  explicit DecoderPool(std::shared_ptr<const model::Model> model) : model_(std::move(model)) {}
  // A decoder for the caller's exclusive use; it returns to the pool when the last copy dies.
  std::shared_ptr<model::Decoder> take();
  const std::shared_ptr<const model::Model>& model() const { return model_; }
  size_t idle() const;

private:
  std::shared_ptr<const model::Model> model_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<model::Decoder>> free_;
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

// Where prose comes from for one run of a subcommand: a loaded model shared by every provider
// it makes, or the heuristic (with the reason when a model was wanted but is unusable).
class SummaryProviderSource {
public:
  SummaryProviderSource() = default; // the heuristic, no reason
  SummaryProviderSource(std::shared_ptr<const model::Model> model, ModelProviderOptions options);

  // A new provider (not thread-safe: one per thread or per request). Its gate is always the
  // source's (the model file's), whatever `options` says, and so is its word dictionary.
  std::unique_ptr<docstring::SummaryProvider> make() const;
  std::unique_ptr<docstring::SummaryProvider> make(const ModelProviderOptions& options) const;

  bool uses_model() const { return model_ != nullptr; }
  const std::shared_ptr<const model::Model>& model() const { return model_; }
  // When a model was wanted but could not be used: one line saying why and what happens instead.
  const std::string& reason() const { return reason_; }
  const ModelProviderOptions& options() const { return options_; }

  static SummaryProviderSource heuristic(std::string reason = {});

private:
  std::shared_ptr<const model::Model> model_;
  std::shared_ptr<DecoderPool> pool_;
  ModelProviderOptions options_;
  std::string reason_;
};

// A source for a model already loaded from its file (e.g. `serve`'s, shared with completions):
// the file's confidence gate and word dictionary apply, as with load_summary_provider; a model
// trained on another prompt format gives the heuristic and the reason.
SummaryProviderSource summary_provider_for(std::shared_ptr<const model::Model> m,
                                           ModelProviderOptions options = {});

// Loads the model at `path` (empty: model::locate_model()) once, mmapped, for sharing.
// A missing or invalid file gives the heuristic source and a one-line reason.
SummaryProviderSource load_summary_provider(const std::string& path,
                                            ModelProviderOptions options = {});

// The same, remembering every path asked for (a run-time setting may name another model).
// Thread-safe; a failed load is remembered too (retried when the file's size or mtime changes).
class SummaryProviderCache {
public:
  explicit SummaryProviderCache(ModelProviderOptions options = {}) : options_(options) {}
  SummaryProviderSource get(const std::string& path);

private:
  struct Entry {
    SummaryProviderSource source;
    int64_t stamp = 0;
  };
  ModelProviderOptions options_;
  std::mutex mu_;
  std::vector<std::pair<std::string, Entry>> entries_;
};

// Per-request providers for a server whose settings may name a model at run time (the LSP). An
// empty path means the start-up source; another path ("~/" expanded, compared after
// normalisation) is loaded once and kept (SummaryProviderCache). A path that cannot be used gives
// the heuristic, and its reason goes to `on_unusable` once per path. Thread-safe.
class SummaryProviderChooser {
public:
  SummaryProviderChooser(SummaryProviderSource start, const std::string& start_path,
                         std::function<void(const std::string& reason)> on_unusable = nullptr);
  std::unique_ptr<docstring::SummaryProvider> make(const std::string& model_path,
                                                   const ModelProviderOptions& options);

private:
  SummaryProviderSource start_;
  std::string start_path_;
  std::function<void(const std::string&)> on_unusable_;
  SummaryProviderCache cache_;
  std::mutex mu_;
  std::vector<std::string> reported_;
};

// "~/x" -> "$HOME/x", then absolute and normalised (a file that does not exist yet is fine).
std::string resolve_model_path(const std::string& path);

} // namespace axl::training
