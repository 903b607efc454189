#include "training/training_sequences.h"

#include "text/text_util.h"
#include "training/corpus_filters.h"

namespace axl::training {

using prose::kMaxTargetBytes;
using prose::PromptRequest;
using prose::PromptTask;
using prose::target_terminator;

CroppedTarget crop_target(std::string_view text) {
  std::string t = text::collapse_spaces(text);
  if (t.size() <= kMaxTargetBytes) return {t, true};
  // The longest run of whole sentences that fits.
  size_t cut = t.substr(0, kMaxTargetBytes + 1).rfind(". ");
  if (cut != std::string::npos && cut > 0) return {t.substr(0, cut + 1), true};
  return {std::string(text::word_prefix(t, kMaxTargetBytes)), false};
}

TrainingSequence build_training_sequence(const PromptRequest& r, std::string_view target,
                                         const LossWeights& w) {
  TrainingSequence seq;
  const auto [prompt, sig_end] = prose::layout_prompt(r);
  auto cropped = crop_target(target);
  seq.tokens.push_back(model::kBos);
  seq.weights.push_back(0.f);
  for (size_t i = 0; i < prompt.size(); ++i) {
    seq.tokens.push_back(static_cast<unsigned char>(prompt[i]));
    seq.weights.push_back(i < sig_end ? w.code : w.doc_prompt);
  }
  seq.docstring_begin = 1 + sig_end;
  seq.target_begin = seq.tokens.size();
  std::string answer = cropped.text;
  if (cropped.complete) answer += target_terminator(r.task);
  for (char c : answer) {
    seq.tokens.push_back(static_cast<unsigned char>(c));
    seq.weights.push_back(w.target);
  }
  if (cropped.complete) {
    seq.tokens.push_back(model::kEos);
    seq.weights.push_back(w.target);
  }
  return seq;
}

std::vector<TrainingSequence> training_sequences(const Sample& s, const LossWeights& w) {
  std::vector<TrainingSequence> out;
  PromptRequest r;
  r.code = s.code;
  r.with_body = fnv1a64(s.code) % 8 != 0;
  out.push_back(build_training_sequence(r, s.summary, w));
  r.with_body = true;
  r.summary = s.summary;
  r.task = PromptTask::Param;
  for (const auto& p : s.params) {
    r.param = p.name;
    out.push_back(build_training_sequence(r, p.description, w));
  }
  if (!s.returns.empty()) {
    r.task = PromptTask::Returns;
    r.param = {};
    out.push_back(build_training_sequence(r, s.returns, w));
  }
  return out;
}

} // namespace axl::training
