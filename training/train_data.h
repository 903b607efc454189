// From samples to what the trainer eats: training sequences, length-bucketed batches in a
// deterministic per-epoch order (so a resumed run sees exactly the batches it would have seen), and
// byte-level perplexity measured separately on code bytes and docstring bytes.
#pragma once

#include "model/trainer.h"
#include "training/training_sequences.h"

#include <cstdint>
#include <vector>

namespace axl::training {

std::vector<TrainingSequence> sequences_for(const std::vector<Sample>& samples,
                                            const LossWeights& weights = {});

// Which predictions a batch counts: the training loss weights, or one region at weight 1.
enum class Region { Training, Code, Docstring, Answer };

// Padded to whole tokens of cfg's coarsest scale, at most its context.
model::TrainBatch make_batch(const std::vector<const TrainingSequence*>& seqs, Region region,
                             const model::Config& cfg);

// Batches of `batch` sequences; epoch e is a shuffle seeded by (seed, e), cut into chunks of
// 16 batches that are sorted by length so that a batch pads little, then the batches shuffled.
class BatchPlan {
public:
  BatchPlan(const std::vector<TrainingSequence>& seqs, int batch, uint64_t seed);
  int64_t steps_per_epoch() const;
  // The sequences of global step `step` (epoch = step / steps_per_epoch()).
  std::vector<const TrainingSequence*> batch_at(int64_t step);

private:
  const std::vector<TrainingSequence>& seqs_;
  int batch_;
  uint64_t seed_;
  int64_t epoch_ = -1;
  std::vector<std::vector<uint32_t>> batches_; // of the current epoch
};

struct Perplexity {
  double code_nll = 0, doc_nll = 0, answer_nll = 0; // nats per predicted byte
  double code_bytes = 0, doc_bytes = 0, answer_bytes = 0;
  static double bits_per_byte(double nll);
  static double ppl(double nll);
};

// Perplexity of the trainer's current weights over `seqs`, `batch` sequences at a time.
Perplexity measure_perplexity(model::Trainer& trainer, const std::vector<TrainingSequence>& seqs,
                              int batch);

} // namespace axl::training
