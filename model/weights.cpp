#include "weights.h"

#include <cmath>
#include <fmt/format.h>
#include <random>
#include <stdexcept>

namespace axl::model {

float* Tensor::f32() const {
  if (type != DType::F32) throw std::logic_error("tensor is not f32");
  return static_cast<float*>(data);
}

void for_each_tensor(const Config& cfg, Weights& w,
                     const std::function<void(const TensorSpec&, Tensor&)>& fn) {
  const int64_t d = cfg.d_model, f = cfg.d_ff, S = cfg.n_scales();
  w.down.resize(S - 1);
  w.layers.resize(S);
  w.cross.resize(S);
  auto visit = [&](std::string name, int64_t rows, int64_t cols, bool matrix, Tensor& t) {
    fn(TensorSpec{std::move(name), rows, cols, matrix}, t);
  };
  visit("token_embd.weight", cfg.vocab, d, true, w.tok_emb);
  for (int s = 0; s < S; ++s) {
    // The byte stream uses llama.cpp's plain names ("blk.N."); coarse scales are prefixed "sK.".
    const std::string pre = s == 0 ? "" : fmt::format("s{}.", cfg.scales[s]);
    if (s > 0) visit(pre + "down.weight", d, d, true, w.down[s - 1]);
    w.layers[s].resize(cfg.n_layer);
    for (int l = 0; l < cfg.n_layer; ++l) {
      auto& L = w.layers[s][l];
      const std::string b = fmt::format("{}blk.{}.", pre, l);
      visit(b + "attn_norm.weight", 1, d, false, L.attn_norm);
      visit(b + "attn_q.weight", d, d, true, L.wq);
      visit(b + "attn_k.weight", d, d, true, L.wk);
      visit(b + "attn_v.weight", d, d, true, L.wv);
      visit(b + "attn_output.weight", d, d, true, L.wo);
      visit(b + "ffn_norm.weight", 1, d, false, L.ffn_norm);
      visit(b + "ffn_gate.weight", f, d, true, L.w1);
      visit(b + "ffn_up.weight", f, d, true, L.w3);
      visit(b + "ffn_down.weight", d, f, true, L.w2);
    }
  }
  for (int s = 0; s < S; ++s) {
    auto& C = w.cross[s];
    const std::string b = fmt::format("cross.s{}.", cfg.scales[s]);
    visit(b + "attn_norm.weight", 1, d, false, C.norm);
    visit(b + "attn_q.weight", d, d, true, C.wq);
    visit(b + "attn_k.weight", d, d, true, C.wk);
    visit(b + "attn_v.weight", d, d, true, C.wv);
    visit(b + "attn_output.weight", d, d, true, C.wo);
  }
  visit("fuse.gate.weight", (S - 1) * d, S * d, true, w.gate_w);
  visit("fuse.gate.bias", 1, (S - 1) * d, false, w.gate_b);
  visit("output_norm.weight", 1, d, false, w.out_norm);
  visit("output.weight", cfg.vocab, d, true, w.output);
}

std::vector<TensorSpec> tensor_specs(const Config& cfg) {
  std::vector<TensorSpec> specs;
  Weights w;
  for_each_tensor(cfg, w, [&](const TensorSpec& s, Tensor&) { specs.push_back(s); });
  return specs;
}

static void bind(ParamBuffer& p) {
  size_t off = 0;
  for_each_tensor(p.cfg, p.w, [&](const TensorSpec& s, Tensor& t) {
    t.data = p.data.data() + off;
    t.type = DType::F32;
    t.rows = s.rows;
    t.cols = s.cols;
    off += static_cast<size_t>(s.rows * s.cols);
  });
}

ParamBuffer::ParamBuffer(const Config& c) : cfg(c) {
  cfg.validate();
  data.assign(static_cast<size_t>(parameter_count(cfg)), 0.0f);
  bind(*this);
}

ParamBuffer::ParamBuffer(const ParamBuffer& o) : cfg(o.cfg), data(o.data) {
  bind(*this);
}

ParamBuffer& ParamBuffer::operator=(const ParamBuffer& o) {
  if (this != &o) {
    cfg = o.cfg;
    data = o.data;
    bind(*this);
  }
  return *this;
}

void init_random(ParamBuffer& p, uint64_t seed, float std) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, std);
  for_each_tensor(p.cfg, p.w, [&](const TensorSpec& s, Tensor& t) {
    float* x = t.f32();
    const bool is_bias = s.name.find(".bias") != std::string::npos;
    for (int64_t i = 0; i < t.numel(); ++i) x[i] = s.matrix ? normal(rng) : (is_bias ? 0.0f : 1.0f);
  });
}

} // namespace axl::model
