// The sequences the model trains on: the prompt layout of prose/prompt_format.h (the one source of
// truth for what the model sees, at training and at inference) followed by the answer, its
// terminator and EOS, with loss weights per region.
#pragma once

#include "prose/prompt_format.h"
#include "training/sample.h"

#include <string>
#include <string_view>
#include <vector>

namespace axl::training {

struct CroppedTarget {
  std::string text;
  bool complete = true; // false: cut at a word boundary, so no terminator/EOS is trained
};
// Training-side rule for answers over prose::kMaxTargetBytes: keep the first sentence if it fits,
// else cut at the last space within the limit.
CroppedTarget crop_target(std::string_view text);

struct LossWeights {
  float code = 0.1f;       // body digest and signature: keeps the model a Python LM, cheaply
  float doc_prompt = 0.5f; // docstring bytes that are given (opener, echoed summary, "Args:")
  float target = 1.0f;     // the answer, its terminator and EOS
};

struct TrainingSequence {
  std::vector<int> tokens;    // BOS, bytes..., [EOS]; size <= prose::kContextTokens
  std::vector<float> weights; // weights[i]: weight of predicting tokens[i]; weights[0] = 0 (BOS)
  size_t docstring_begin = 0; // first token after the signature (perplexity: code vs docstring)
  size_t target_begin = 0;    // first answer token
};

TrainingSequence build_training_sequence(const prose::PromptRequest& request,
                                         std::string_view target, const LossWeights& weights = {});

// Every sequence a sample teaches: the summary, one per documented parameter, the returns. The
// summary of one sample in eight (chosen by a hash of its code) is shown without the body digest.
std::vector<TrainingSequence> training_sequences(const Sample& sample,
                                                 const LossWeights& weights = {});

} // namespace axl::training
