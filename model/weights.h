// The model's parameters as one struct of tensor views (llama2.c style), their GGUF names and
// shapes, and a flat f32 buffer that owns them for training.
#pragma once

#include "config.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace axl::model {

// GGML tensor types we read and write (values are GGUF's). Model files hold F32/F16 only; Q8_0
// (blocks of 32 int8 weights with one f16 scale, 34 bytes) is written by the llama.cpp export.
enum class DType : uint32_t { F32 = 0, F16 = 1, Q8_0 = 8 };

// A row-major matrix [rows, cols] (a vector is rows = 1). Points into a mmapped file or a buffer.
struct Tensor {
  void* data = nullptr;
  DType type = DType::F32;
  int64_t rows = 0, cols = 0;

  float* f32() const; // throws unless type is F32
  int64_t numel() const { return rows * cols; }
};

// One pre-norm transformer block: RMSNorm -> causal MHA with RoPE -> RMSNorm -> SwiGLU.
// Names/layout equal llama.cpp's llama blocks, so the fine stack exports without conversion.
struct LayerWeights {
  Tensor attn_norm;      // [d]
  Tensor wq, wk, wv, wo; // [d, d]  (out, in)
  Tensor ffn_norm;       // [d]
  Tensor w1, w3;         // [d_ff, d]  gate, up
  Tensor w2;             // [d, d_ff]  down
};

// Cross-scale attention into one target scale (queries) from all other scales (keys/values).
struct CrossWeights {
  Tensor norm;           // [d] RMSNorm of this scale's tokens, used as query and as memory
  Tensor wq, wk, wv, wo; // [d, d]
};

struct Weights {
  Tensor tok_emb;                                // [vocab, d]
  std::vector<Tensor> down;                      // per coarse scale i>=1: [d, d] after mean-pool
  std::vector<std::vector<LayerWeights>> layers; // [scale][layer]
  std::vector<CrossWeights> cross;               // [scale]
  Tensor gate_w;                                 // [(S-1) d, S d]
  Tensor gate_b;                                 // [(S-1) d]
  Tensor out_norm;                               // [d]
  Tensor output;                                 // [vocab, d] (untied from tok_emb)
};

struct TensorSpec {
  std::string name; // GGUF tensor name
  int64_t rows, cols;
  bool matrix; // 2-D weight: stored f16 in f16 files and weight-decayed; vectors stay f32
};

// Every tensor of the model, in a fixed order (the order of files and flat buffers).
std::vector<TensorSpec> tensor_specs(const Config& cfg);

// Calls fn(spec, tensor) for every tensor of w, in tensor_specs order. w is resized to cfg first.
void for_each_tensor(const Config& cfg, Weights& w,
                     const std::function<void(const TensorSpec&, Tensor&)>& fn);

// Parameters owned as one contiguous f32 buffer (training, random init, gradients, optimizer).
struct ParamBuffer {
  Config cfg;
  std::vector<float> data;
  Weights w; // views into data

  explicit ParamBuffer(const Config& c); // zero-filled
  ParamBuffer(const ParamBuffer& o);
  ParamBuffer& operator=(const ParamBuffer& o);
  size_t size() const { return data.size(); }
};

// Fills p with N(0, std) matrices, unit norm weights and zero biases.
void init_random(ParamBuffer& p, uint64_t seed, float std = 0.02f);

} // namespace axl::model
