// Batched forward and hand-written backward of the AXL multi-scale transformer.
//
// Data flow for B sequences of T tokens (d = d_model, S scales, n_s = floor(T / s) tokens at
// scale s; a coarse token k of scale s covers bytes [k*s, k*s+s-1] and "ends" at byte k*s+s-1):
//   e      = tok_emb[tokens]                              [B*T, d]
//   x_s    = down_s(mean of s consecutive e)              [B*n_s, d]   (x_1 = e)
//   h_s    = n_layer pre-norm blocks on x_s               [B*n_s, d]   (RoPE positions 0..n_s-1)
//   c_s    = h_s + CrossAttn_s(norm(h_s) -> norm(h_j), j != s)          (key visible iff its end
//            <= the query's end; RoPE positions = end bytes)
//   f      = c_1 + sum_s sigmoid(gate)_s * up(c_s)        [B*T, d]     (up: latest complete token)
//   logits = output(out_norm(f))                          [B*T, vocab]
// Fine-only mode (the llama.cpp export) is: logits = output(out_norm(h_1)).
#pragma once

#include "ops.h"
#include "weights.h"

#include <vector>

namespace axl::model {

struct LayerActs {
  std::vector<float> x_in, xn, rstd1, q, k, v, P, att, x_mid, xn2, rstd2, a, b, g;
};

struct ScaleActs {
  int n = 0;                 // tokens per sequence at this scale
  std::vector<int> pos, end; // [n] RoPE position (token index) and last byte covered
  std::vector<float> pooled; // [B*n, d] coarse only: mean of the s byte embeddings
  std::vector<float> x;      // [B*n, d] stream input (kept: layers work on a copy)
  std::vector<LayerActs> layers;
  std::vector<float> h; // [B*n, d] output of the scale's layers
  // cross-scale stage (target = this scale)
  std::vector<float> cn, crstd;                    // [B*n, d], [B*n] norm(h) with cross.norm
  int m = 0;                                       // memory tokens per sequence (all other scales)
  std::vector<int> mem_end, mem_scale, mem_index;  // [m]
  std::vector<float> mem, cq, ck, cv, cP, catt, c; // mem/ck/cv [B*m, d]; cq/catt/c [B*n, d]
};

struct Activations {
  int B = 0, T = 0;
  bool fine_only = false, aux = false;
  std::vector<int> tokens; // [B*T]
  std::vector<ScaleActs> sc;
  std::vector<float> z, gl, gate;           // [B*T, S*d], [B*T, (S-1)*d] x2
  std::vector<float> f, fn, frstd;          // [B*T, d], [B*T, d], [B*T]
  std::vector<float> logits;                // [B*T, vocab]
  std::vector<float> an, arstd, aux_logits; // fine-only head on h_1 (aux loss)

  // Backward/loss scratch kept across steps (no page faults or zeroing of fresh allocations).
  std::vector<float>& scratch(int slot, size_t n, bool zero);

private:
  std::vector<std::vector<float>> scratch_;
};

struct ForwardOptions {
  bool fine_only = false; // only the byte stream's layers -> out_norm -> output
  bool aux = false;       // also compute the fine-only logits (auxiliary training loss)
};

// Per-config constants shared by forward, backward and the decoder.
struct ModelTables {
  RopeTable rope; // positions 0..ctx-1
  explicit ModelTables(const Config& cfg);
};

// tokens [B*T], 1 <= T <= cfg.ctx. Weights may be f32 or f16 (forward only).
void forward(const Config& cfg, const Weights& w, const ModelTables& tab, const int* tokens, int B,
             int T, Activations& A, ForwardOptions opt = {});

// Accumulates parameter gradients into G (f32, same config) given dlogits [B*T, vocab] and, when
// A.aux, daux [B*T, vocab]. w must be f32. Overwrites scratch inside A.
void backward(const Config& cfg, const Weights& w, const ModelTables& tab, Activations& A,
              const float* dlogits, const float* daux, Weights& G);

} // namespace axl::model
