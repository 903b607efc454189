#include "trainer.h"

#include "blas.h"
#include "gguf_keys.h"
#include "kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <numbers>
#include <sstream>

namespace axl::model {

TrainBatch TrainBatch::from_sequences(const std::vector<std::vector<int>>& seqs, int T) {
  TrainBatch b;
  b.B = static_cast<int>(seqs.size());
  b.T = T;
  b.inputs.assign(size_t(b.B) * T, kEos);
  b.targets.assign(size_t(b.B) * T, kEos);
  b.weights.assign(size_t(b.B) * T, 0.0f);
  for (int i = 0; i < b.B; ++i) {
    const auto& s = seqs[i];
    const int n = std::min<int>(T, static_cast<int>(s.size()) - 1);
    for (int t = 0; t < n; ++t) {
      b.inputs[size_t(i) * T + t] = s[t];
      b.targets[size_t(i) * T + t] = s[t + 1];
      b.weights[size_t(i) * T + t] = 1.0f;
    }
  }
  return b;
}

TrainBatch TrainBatch::from_weighted(const std::vector<std::vector<int>>& seqs,
                                     const std::vector<std::vector<float>>& byte_weights, int T) {
  if (byte_weights.size() != seqs.size())
    throw std::invalid_argument("train batch: one weight vector per sequence expected");
  TrainBatch b = from_sequences(seqs, T);
  for (size_t i = 0; i < seqs.size(); ++i) {
    if (byte_weights[i].size() != seqs[i].size())
      throw std::invalid_argument("train batch: one weight per byte expected");
    const int n = std::min<int>(T, static_cast<int>(seqs[i].size()) - 1);
    for (int t = 0; t < n; ++t) b.weights[i * size_t(T) + t] = byte_weights[i][t + 1];
  }
  return b;
}

float lr_at(const TrainHyper& h, int64_t step) {
  if (h.warmup_steps > 0 && step < h.warmup_steps)
    return h.lr * float(step + 1) / float(h.warmup_steps);
  const int64_t decay = std::max<int64_t>(1, h.total_steps - h.warmup_steps);
  const double p = std::min(1.0, double(step - h.warmup_steps) / double(decay));
  return static_cast<float>(h.min_lr +
                            0.5 * (h.lr - h.min_lr) * (1.0 + std::cos(std::numbers::pi * p)));
}

// Name of the checkpoint tensor holding the Lion momentum of weight `name`.
static std::string momentum_tensor(std::string_view name) {
  return std::string(key::kLionMomentPrefix) + std::string(name);
}

static void check_batch(const TrainBatch& batch, int V) {
  const size_t N = size_t(batch.B) * batch.T;
  if (batch.B < 1 || batch.T < 1 || batch.inputs.size() != N || batch.targets.size() != N ||
      (!batch.weights.empty() && batch.weights.size() != N))
    throw std::invalid_argument("train batch: inconsistent shapes");
  for (int t : batch.targets)
    if (t < 0 || t >= V) throw std::invalid_argument("train batch: target id out of range");
}

static double batch_weight(const TrainBatch& batch) {
  if (batch.weights.empty()) return double(batch.B) * batch.T;
  double W = 0.0;
  for (float x : batch.weights) W += x;
  return W;
}

LossStats loss_and_grad_range(const Config& cfg, const Weights& w, const ModelTables& tab,
                              const TrainBatch& batch, int b0, int b1, double norm,
                              float aux_weight, Activations& acts, Weights* G) {
  const int T = batch.T, V = cfg.vocab, N = (b1 - b0) * T;
  LossStats st;
  if (N <= 0 || norm <= 0.0) return st;
  const size_t off = size_t(b0) * T;
  const bool aux = aux_weight > 0.0f;
  forward(cfg, w, tab, batch.inputs.data() + off, b1 - b0, T, acts, ForwardOptions{false, aux});
  const float* wts = batch.weights.empty() ? nullptr : batch.weights.data() + off;
  const int* tg = batch.targets.data() + off;
  float* dl = G ? acts.scratch(60, size_t(N) * V, false).data() : nullptr;
  float* da = G && aux ? acts.scratch(61, size_t(N) * V, false).data() : nullptr;
  st.loss =
      cross_entropy(acts.logits.data(), tg, wts, N, V, dl, static_cast<float>(1.0 / norm)) / norm;
  if (aux) {
    st.aux_loss = cross_entropy(acts.aux_logits.data(), tg, wts, N, V, da,
                                static_cast<float>(aux_weight / norm)) /
                  norm;
  }
  if (G) backward(cfg, w, tab, acts, dl, da, *G);
  return st;
}

LossStats loss_and_grad(const Config& cfg, const Weights& w, const ModelTables& tab,
                        const TrainBatch& batch, float aux_weight, Activations& acts, Weights* G) {
  check_batch(batch, cfg.vocab);
  const double W = batch_weight(batch);
  LossStats st = loss_and_grad_range(cfg, w, tab, batch, 0, batch.B, W, aux_weight, acts, G);
  st.weight = W;
  return st;
}

float clip_grad_norm(ParamBuffer& g, float max_norm) {
  double ss = 0.0;
  for (float x : g.data) ss += double(x) * x;
  const float norm = static_cast<float>(std::sqrt(ss));
  if (max_norm > 0.0f && norm > max_norm) {
    const float s = max_norm / norm;
    for (float& x : g.data) x *= s;
  }
  return norm;
}

void lion_update(ParamBuffer& p, const ParamBuffer& g, ParamBuffer& m, float lr, float beta1,
                 float beta2, float weight_decay) {
  size_t off = 0;
  for (const auto& spec : tensor_specs(p.cfg)) {
    const size_t n = size_t(spec.rows * spec.cols);
    const float wd = spec.matrix ? weight_decay : 0.0f;
    float* pp = p.data.data() + off;
    const float* gg = g.data.data() + off;
    float* mm = m.data.data() + off;
    for (size_t i = 0; i < n; ++i) {
      const float c = beta1 * mm[i] + (1.0f - beta1) * gg[i];
      const float u = c > 0.0f ? 1.0f : (c < 0.0f ? -1.0f : 0.0f);
      pp[i] -= lr * (u + wd * pp[i]);
      mm[i] = beta2 * mm[i] + (1.0f - beta2) * gg[i];
    }
    off += n;
  }
}

Trainer::Trainer(const Config& cfg, const TrainHyper& h, uint64_t seed, float init_std)
    : hyper(h), params_(std::make_shared<ParamBuffer>(cfg)), grads_(cfg), m_(cfg), tab_(cfg),
      rng_(seed) {
  init_random(*params_, seed, init_std);
}

// Splits the batch by sequences over hyper.threads workers, each running serial kernels: one
// fork/join per step instead of one per op, which also keeps a busy machine from stalling us.
LossStats Trainer::run_batch(const TrainBatch& batch, bool grads) {
  const Config& cfg = params_->cfg;
  check_batch(batch, cfg.vocab);
  const double W = batch_weight(batch);
  const int nt = std::max(1, std::min(hyper.threads, batch.B));
  acts_.resize(std::max<size_t>(acts_.size(), nt));
  while (grads && int(worker_grads_.size()) < nt - 1) worker_grads_.emplace_back(cfg);
  std::vector<LossStats> part(nt);
  if (grads) std::fill(grads_.data.begin(), grads_.data.end(), 0.0f);
#pragma omp parallel for num_threads(nt) schedule(static, 1)
  for (int i = 0; i < nt; ++i) {
    const int saved = num_threads();
    set_num_threads(1);
    Weights* G = nullptr;
    if (grads) {
      ParamBuffer& g = i == 0 ? grads_ : worker_grads_[i - 1];
      if (i > 0) std::fill(g.data.begin(), g.data.end(), 0.0f);
      G = &g.w;
    }
    const int b0 = int(int64_t(batch.B) * i / nt), b1 = int(int64_t(batch.B) * (i + 1) / nt);
    part[i] = loss_and_grad_range(cfg, params_->w, tab_, batch, b0, b1, W, hyper.aux_fine_weight,
                                  acts_[i], G);
    set_num_threads(saved);
  }
  LossStats st;
  st.weight = W;
  for (const auto& p : part) st.loss += p.loss, st.aux_loss += p.aux_loss;
  if (grads && nt > 1) {
    float* g0 = grads_.data.data();
    const long n = long(grads_.size());
#pragma omp parallel for num_threads(nt)
    for (long k = 0; k < n; ++k)
      for (int i = 1; i < nt; ++i) g0[k] += worker_grads_[i - 1].data[k];
  }
  return st;
}

Trainer::StepResult Trainer::step(const TrainBatch& batch) {
  StepResult r;
  r.stats = run_batch(batch, true);
  r.grad_norm = clip_grad_norm(grads_, hyper.grad_clip);
  r.lr = lr_at(hyper, step_);
  if (std::isfinite(
          r.grad_norm)) // a non-finite gradient skips the update instead of poisoning weights
    lion_update(*params_, grads_, m_, r.lr, hyper.beta1, hyper.beta2, hyper.weight_decay);
  ++step_;
  return r;
}

LossStats Trainer::evaluate(const TrainBatch& batch) {
  return run_batch(batch, false);
}

Model Trainer::model() const {
  return model_from_params(params_);
}

void Trainer::save_model(const std::string& path, DType dtype) const {
  axl::model::save_model(path, params_->cfg, params_->w, dtype, metadata);
}

void Trainer::save_checkpoint(const std::string& path) const {
  GgufWriter gw;
  add_model_metadata(gw, params_->cfg);
  for (const auto& [k, v] : metadata) gw.add(k, v);
  ConvertedBuffers keep;
  add_model_tensors(gw, params_->cfg, params_->w, DType::F32, keep);
  Weights mw = m_.w;
  for_each_tensor(params_->cfg, mw, [&](const TensorSpec& s, Tensor& t) {
    std::vector<uint64_t> ne = s.rows == 1
                                   ? std::vector<uint64_t>{uint64_t(s.cols)}
                                   : std::vector<uint64_t>{uint64_t(s.cols), uint64_t(s.rows)};
    gw.add_tensor(momentum_tensor(s.name), ne, DType::F32, t.data, t.numel() * 4);
  });
  std::ostringstream rng;
  rng << rng_;
  gw.add(key::kTrainStep, GgufValue::make_u64(static_cast<uint64_t>(step_)));
  gw.add(key::kTrainRng, GgufValue::make_str(rng.str()));
  gw.add(key::kTrainLr, GgufValue::make_f32(hyper.lr));
  gw.add(key::kTrainMinLr, GgufValue::make_f32(hyper.min_lr));
  gw.add(key::kTrainWarmupSteps, GgufValue::make_u32(static_cast<uint32_t>(hyper.warmup_steps)));
  gw.add(key::kTrainTotalSteps, GgufValue::make_u32(static_cast<uint32_t>(hyper.total_steps)));
  gw.add(key::kTrainWeightDecay, GgufValue::make_f32(hyper.weight_decay));
  gw.add(key::kTrainAuxFineWeight, GgufValue::make_f32(hyper.aux_fine_weight));
  gw.write(path);
}

Trainer Trainer::resume(const std::string& path, const TrainHyper& h) {
  auto file = GgufFile::open(path);
  const Model src = load_model(file);
  Trainer tr(src.cfg, h, 0, 0.0f);
  Weights pw = tr.params_->w;
  for_each_tensor(src.cfg, pw, [&](const TensorSpec& s, Tensor& t) {
    const auto* info = file->find_tensor(s.name); // presence, type and shape checked by load_model
    if (info->type == DType::F32)
      std::memcpy(t.data, info->data, info->nbytes);
    else
      f16_to_f32_array(reinterpret_cast<const uint16_t*>(info->data), t.f32(), t.numel());
    if (const auto* mi = file->find_tensor(momentum_tensor(s.name)))
      if (mi->type != DType::F32 || mi->nbytes != size_t(t.numel()) * 4)
        throw GgufError(fmt::format("{}: optimizer tensor '{}' has the wrong type or size", path,
                                    momentum_tensor(s.name)));
  });
  // Momentum, in the same tensor order as the flat buffer.
  size_t off = 0;
  for (const auto& s : tensor_specs(src.cfg)) {
    const size_t n = size_t(s.rows * s.cols);
    if (const auto* mi = file->find_tensor(momentum_tensor(s.name)))
      std::memcpy(tr.m_.data.data() + off, mi->data, n * 4);
    off += n;
  }
  if (const auto* v = file->find(key::kTrainStep); v && v->type == GgufType::U64)
    tr.step_ = static_cast<int64_t>(v->u);
  if (const auto* v = file->find(key::kTrainRng); v && v->type == GgufType::STRING) {
    std::istringstream in(v->s);
    in >> tr.rng_;
    if (!in) throw GgufError(fmt::format("{}: corrupt axl.train.rng", path));
  }
  return tr;
}

} // namespace axl::model
