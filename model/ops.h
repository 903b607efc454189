// Forward/backward pairs of the model's building blocks on row-major f32 arrays.
// Backward functions ADD into their gradient outputs (callers zero them once).
#pragma once

#include <vector>

namespace axl::model {

// y = x / sqrt(mean(x^2) + eps) * w, per row of [R, d]; saves rstd [R].
void rmsnorm_fwd(const float* x, const float* w, int R, int d, float eps, float* y, float* rstd);
void rmsnorm_bwd(const float* x, const float* w, const float* rstd, const float* dy, int R, int d,
                 float* dx, float* dw);

// RoPE, llama.cpp "NORM" layout: within each head, pairs (2i, 2i+1) rotate by pos * base^(-2i/hd).
struct RopeTable {
  int hd = 0, max_pos = 0;
  std::vector<float> cos, sin; // [max_pos, hd/2]
  RopeTable() = default;
  RopeTable(int head_dim, int max_positions, float base);
};
// In place on x [B*n, n_head*hd] where row b*n+i has position pos[i]. inverse rotates back
// (the backward of a rotation is the opposite rotation).
void rope_apply(float* x, int B, int n, int n_head, const int* pos, const RopeTable& t,
                bool inverse);
void rope_row(float* x, int n_head, int pos, const RopeTable& t); // one row, forward

// g = silu(a) * b elementwise.
void swiglu_fwd(const float* a, const float* b, float* g, long n);
void swiglu_bwd(const float* a, const float* b, const float* dg, float* da, float* db, long n);

// Multi-head attention with a visibility rule: query i sees key j iff kend[j] <= qend[i].
// q [B*nq, H*hd], k/v [B*nk, H*hd], P [B, H, nq, nk] (saved probabilities), out [B*nq, H*hd].
// A query that sees no key gets a zero output.
void attention_fwd(const float* q, const float* k, const float* v, int B, int nq, int nk, int H,
                   int hd, const int* qend, const int* kend, float* P, float* out);
// Writes (overwrites) dq, dk, dv.
void attention_bwd(const float* q, const float* k, const float* v, const float* P,
                   const float* dout, int B, int nq, int nk, int H, int hd, float* dq, float* dk,
                   float* dv);

// Weighted cross-entropy over rows of logits [N, V]. Returns sum_i w_i * nll_i. When dlogits is
// non-null, writes dlogits = scale * w_i * (softmax - onehot).
double cross_entropy(const float* logits, const int* targets, const float* weights, int N, int V,
                     float* dlogits, float scale);

} // namespace axl::model
