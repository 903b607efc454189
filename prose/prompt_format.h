// The byte layout the model is prompted with and trained on (specification: models/README.md,
// "Prompt format"). Inference (build_prompt + finish_generation) and training
// (training/training_sequences.h, built on layout_prompt) share this code, so the model-backed
// SummaryProvider asks exactly the way the model was taught.
#pragma once

#include "model/config.h"
#include "model/gguf.h"

#include <string>
#include <string_view>
#include <vector>

namespace axl::prose {

enum class PromptTask { Summary, Param, Returns };

std::string_view task_name(PromptTask task); // "summary", "param", "returns"
// Every task, in the order a docstring asks them (the summary first).
inline constexpr PromptTask kPromptTasks[] = {PromptTask::Summary, PromptTask::Param,
                                              PromptTask::Returns};

// Version of the byte layout below, stored in every model file trained on it. Bump it whenever
// build_prompt or training::training_sequences change what the model sees: a model trained on
// another layout would otherwise be prompted wrongly without any error.
inline constexpr uint32_t kPromptFormatVersion = 1;
// The layout is sized for the shipped model's context, BOS and EOS included.
inline constexpr size_t kContextTokens = model::kDefaultContext;
inline constexpr size_t kMaxTargetBytes =
    96; // longest answer (training::crop_target cuts longer ones)
inline constexpr size_t kMaxTerminatorBytes = 3; // `"""`
// Decoding: the answer may not repeat a string of this many bytes
// (GenerateOptions::no_repeat_bytes).
inline constexpr int kNoRepeatBytes = 10; // chosen on the val split (eval --no-repeat 6..14)
// Deterministic decoding of answers: beam search of this width (1 = greedy).
inline constexpr int kBeamWidth = 4; // chosen on the val split (eval --beam 1, 4, 8)
// BOS + prompt + target + terminator + EOS <= kContextTokens.
inline constexpr size_t kPromptBudget =
    kContextTokens - 1 - kMaxTargetBytes - kMaxTerminatorBytes - 1;
inline constexpr size_t kMaxPromptSummary = 64; // the summary echoed in Param/Returns prompts
inline constexpr size_t kMaxParamName = 40;

struct PromptRequest {
  PromptTask task = PromptTask::Summary;
  std::string_view code;    // parser::context_window() of the definition (signature first)
  std::string_view summary; // Param/Returns: the summary line already written ("" allowed)
  std::string_view param;   // Param: the parameter's name
  bool with_body = true;    // false: signature only (what a bare `def f(x):` prompt looks like)
};

// The prompt bytes (<= kPromptBudget); the model's input is BOS followed by them.
std::string build_prompt(const PromptRequest& request);

// The same bytes, with where the docstring part begins: the body digest and signature come
// before `docstring_begin`, the docstring opener (and the echoed summary and section) from it.
// Training weighs the two parts differently.
struct PromptLayout {
  std::string text;
  size_t docstring_begin = 0;
};
PromptLayout layout_prompt(const PromptRequest& request);

// What ends an answer: `"""` for a summary, "\n" for a parameter or return description.
std::string_view target_terminator(PromptTask task);

// Cuts raw model output to the answer: up to the terminator (or a newline), trimmed.
std::string finish_generation(PromptTask task, std::string_view generated);

// Signature of a context window on one line ("def f(a, b=1):"); `body` gets the rest.
std::string compact_signature(std::string_view code, std::string* body = nullptr);

// The keys that stamp the prompt format into a model file (every file the trainer or `init`
// writes).
model::GgufMetadata prompt_metadata();
// Throws model::GgufError unless the model was trained on this build's prompt format. A file
// without the key predates it and was trained on version 1.
void check_prompt_format(const model::GgufFile& f);

} // namespace axl::prose
