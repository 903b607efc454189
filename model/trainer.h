// Training API: loss + gradients for a batch of byte sequences, Lion, clipping, warmup + cosine
// schedule, and checkpoints (weights + Lion momentum + step + RNG) written atomically as GGUF.
#pragma once

#include "model_file.h"
#include "transformer.h"

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace axl::model {

// B sequences of T positions: inputs[b*T+t] predicts targets[b*T+t] with loss weight
// weights[b*T+t] (empty weights = all 1; weight 0 masks a position, e.g. padding or the prompt).
struct TrainBatch {
  int B = 0, T = 0;
  std::vector<int> inputs, targets;
  std::vector<float> weights;
  // Next-byte prediction over each sequence (len <= ctx + 1): input seq[0..n-2], target
  // seq[1..n-1]; shorter sequences are padded with EOS at weight 0.
  static TrainBatch from_sequences(const std::vector<std::vector<int>>& seqs, int T);
  // Same with a loss weight per byte: byte_weights[i][j] weighs the prediction of seqs[i][j]
  // (j >= 1), e.g. 0 for prompt bytes and 1 for the docstring to be learned.
  static TrainBatch from_weighted(const std::vector<std::vector<int>>& seqs,
                                  const std::vector<std::vector<float>>& byte_weights, int T);
};

struct LossStats {
  double loss = 0.0;     // weighted mean NLL (nats/byte) of the full model
  double aux_loss = 0.0; // weighted mean NLL of the fine-only path (when computed)
  double weight = 0.0;   // sum of weights
};

struct TrainHyper {
  float lr = 3e-4f;     // peak learning rate (Lion: ~3-10x below AdamW)
  float min_lr = 3e-5f; // cosine floor
  int warmup_steps = 50;
  int total_steps = 1000;
  float beta1 = 0.9f, beta2 = 0.99f;
  float weight_decay = 0.1f;    // decoupled, matrices only
  float grad_clip = 1.0f;       // global L2 norm; <= 0 disables
  float aux_fine_weight = 0.0f; // weight of the fine-only (llama export) loss
  int threads = 2; // data-parallel workers: each runs forward+backward on its share of the batch
};

// Linear warmup to lr over warmup_steps, then cosine to min_lr at total_steps (then flat).
float lr_at(const TrainHyper& h, int64_t step);

// Forward (+ backward when G is non-null: gradients are ADDED to G) of loss + aux_weight * aux,
// on the calling thread's num_threads().
LossStats loss_and_grad(const Config& cfg, const Weights& w, const ModelTables& tab,
                        const TrainBatch& batch, float aux_weight, Activations& acts, Weights* G);

// Same over sequences [b0, b1) only, with losses divided by `norm` (the whole batch's weight), so
// the gradients of disjoint ranges add up to the whole batch's gradient.
LossStats loss_and_grad_range(const Config& cfg, const Weights& w, const ModelTables& tab,
                              const TrainBatch& batch, int b0, int b1, double norm,
                              float aux_weight, Activations& acts, Weights* G);

// Global L2 norm of g; scales g down to max_norm when larger. Returns the norm before clipping.
float clip_grad_norm(ParamBuffer& g, float max_norm);

// Lion: u = sign(b1*m + (1-b1)*g); p -= lr*(u + wd*p) (wd on matrices only); m = b2*m + (1-b2)*g.
void lion_update(ParamBuffer& p, const ParamBuffer& g, ParamBuffer& m, float lr, float beta1,
                 float beta2, float weight_decay);

class Trainer {
public:
  Trainer(const Config& cfg, const TrainHyper& hyper, uint64_t seed, float init_std = 0.02f);
  // Resumes from a checkpoint, or starts from a model file (f32 or f16) with zero momentum.
  static Trainer resume(const std::string& path, const TrainHyper& hyper);

  struct StepResult {
    LossStats stats;
    float grad_norm = 0.0f, lr = 0.0f;
  };
  StepResult step(const TrainBatch& batch);    // one optimizer step
  LossStats evaluate(const TrainBatch& batch); // no gradients

  // Extra keys written into every model and checkpoint file (e.g. the prompt format).
  GgufMetadata metadata;
  void save_checkpoint(const std::string& path) const;
  void save_model(const std::string& path, DType dtype) const; // weights only (for inference)
  Model model() const;                                         // f32 view of the current weights

  const Config& config() const { return params_->cfg; }
  ParamBuffer& params() { return *params_; }
  int64_t step_count() const { return step_; }
  std::mt19937_64& rng() { return rng_; } // for data order; saved in checkpoints
  TrainHyper hyper;

private:
  std::shared_ptr<ParamBuffer> params_;
  ParamBuffer grads_, m_;
  ModelTables tab_;
  // Data parallelism: worker i owns a slice of the batch, its activations and (i > 0) gradients.
  std::vector<Activations> acts_;
  std::vector<ParamBuffer> worker_grads_;
  LossStats run_batch(const TrainBatch& batch, bool grads);
  int64_t step_ = 0;
  std::mt19937_64 rng_;
};

} // namespace axl::model
