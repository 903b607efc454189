#include "training/train_data.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace axl::training {

std::vector<TrainingSequence> sequences_for(const std::vector<Sample>& samples,
                                            const LossWeights& weights) {
  std::vector<TrainingSequence> out;
  for (const auto& s : samples)
    for (auto& seq : training_sequences(s, weights))
      if (seq.tokens.size() >= 2) out.push_back(std::move(seq));
  return out;
}

namespace {

// Weight of predicting token i of `s` under `region`.
float region_weight(const TrainingSequence& s, size_t i, Region region) {
  switch (region) {
  case Region::Training:
    return s.weights[i];
  case Region::Code:
    return i < s.docstring_begin ? 1.f : 0.f;
  case Region::Docstring:
    return i >= s.docstring_begin ? 1.f : 0.f;
  case Region::Answer:
    return i >= s.target_begin ? 1.f : 0.f;
  }
  return 0.f;
}

} // namespace

model::TrainBatch make_batch(const std::vector<const TrainingSequence*>& seqs, Region region,
                             const model::Config& cfg) {
  std::vector<std::vector<int>> tokens;
  std::vector<std::vector<float>> weights;
  int longest = 1; // inputs: every token but the last
  for (const auto* s : seqs) {
    tokens.push_back(s->tokens);
    auto& w = weights.emplace_back(s->tokens.size(), 0.f);
    for (size_t i = 1; i < w.size(); ++i) w[i] = region_weight(*s, i, region);
    longest = std::max(longest, static_cast<int>(s->tokens.size()) - 1);
  }
  return model::TrainBatch::from_weighted(tokens, weights, cfg.padded_length(longest));
}

BatchPlan::BatchPlan(const std::vector<TrainingSequence>& seqs, int batch, uint64_t seed)
    : seqs_(seqs), batch_(std::max(1, batch)), seed_(seed) {}

int64_t BatchPlan::steps_per_epoch() const {
  return std::max<int64_t>(1, int64_t(seqs_.size()) / batch_);
}

std::vector<const TrainingSequence*> BatchPlan::batch_at(int64_t step) {
  const int64_t epoch = step / steps_per_epoch();
  if (epoch != epoch_) {
    std::mt19937_64 rng(seed_ * 0x9E3779B97F4A7C15ull + uint64_t(epoch));
    std::vector<uint32_t> order(seqs_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = uint32_t(i);
    std::shuffle(order.begin(), order.end(), rng);
    const size_t chunk = size_t(batch_) * 16;
    for (size_t c = 0; c < order.size(); c += chunk) {
      auto end = order.begin() + std::min(order.size(), c + chunk);
      std::stable_sort(order.begin() + c, end, [&](uint32_t a, uint32_t b) {
        return seqs_[a].tokens.size() < seqs_[b].tokens.size();
      });
    }
    batches_.clear();
    for (int64_t k = 0; k < steps_per_epoch(); ++k)
      batches_.emplace_back(order.begin() + k * batch_, order.begin() + (k + 1) * batch_);
    std::shuffle(batches_.begin(), batches_.end(), rng);
    epoch_ = epoch;
  }
  std::vector<const TrainingSequence*> out;
  for (uint32_t i : batches_[size_t(step % steps_per_epoch())]) out.push_back(&seqs_[i]);
  return out;
}

double Perplexity::bits_per_byte(double nll) {
  return nll / std::numbers::ln2;
}

double Perplexity::ppl(double nll) {
  return std::exp(nll);
}

Perplexity measure_perplexity(model::Trainer& trainer, const std::vector<TrainingSequence>& seqs,
                              int batch) {
  // Sorted by length so that batches pad little; the result does not depend on the order.
  std::vector<const TrainingSequence*> sorted;
  for (const auto& s : seqs) sorted.push_back(&s);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](auto* a, auto* b) { return a->tokens.size() < b->tokens.size(); });
  Perplexity p;
  for (size_t i = 0; i < sorted.size(); i += size_t(batch)) {
    std::vector<const TrainingSequence*> part(
        sorted.begin() + i, sorted.begin() + std::min(sorted.size(), i + size_t(batch)));
    auto add = [&](Region r, double& nll, double& bytes) {
      const auto b = make_batch(part, r, trainer.config());
      if (std::all_of(b.weights.begin(), b.weights.end(), [](float w) { return w == 0.f; })) return;
      const auto st = trainer.evaluate(b);
      nll += st.loss * st.weight;
      bytes += st.weight;
    };
    add(Region::Code, p.code_nll, p.code_bytes);
    add(Region::Docstring, p.doc_nll, p.doc_bytes);
    add(Region::Answer, p.answer_nll, p.answer_bytes);
  }
  for (auto [nll, bytes] : {std::pair{&p.code_nll, p.code_bytes},
                            {&p.doc_nll, p.doc_bytes},
                            {&p.answer_nll, p.answer_bytes}})
    if (bytes > 0) *nll /= bytes;
  return p;
}

} // namespace axl::training
