// Vector kernels for decoding: f16/f32 mat-vec, dot, f16 conversion. Each has an
// AVX2/FMA/F16C version chosen at runtime (__builtin_cpu_supports) and a portable scalar fallback.
#pragma once

#include "weights.h"

#include <cstdint>

namespace axl::model {

uint16_t f32_to_f16(float f); // round to nearest even
float f16_to_f32(uint16_t h);
void f32_to_f16_array(const float* x, uint16_t* y, int64_t n);
void f16_to_f32_array(const uint16_t* x, float* y, int64_t n);

// y[r] = sum_c W[r, c] * x[c] for rows [r0, r1) of W (f32 or f16); x has W.cols entries.
void matvec(const Tensor& W, const float* x, float* y, int64_t r0, int64_t r1);
inline void matvec(const Tensor& W, const float* x, float* y) {
  matvec(W, x, y, 0, W.rows);
}
// y[b][r] = sum_c W[r, c] * x[b][c] for b < n: W read once for all n vectors (batched decoding).
// Each y[b] equals matvec(W, x[b], y[b]) bit for bit (the same sums in the same order).
void matvec_batch(const Tensor& W, const float* const* x, float* const* y, int n, int64_t r0,
                  int64_t r1);
inline void matvec_batch(const Tensor& W, const float* const* x, float* const* y, int n) {
  matvec_batch(W, x, y, n, 0, W.rows);
}
// out = row r of W as f32.
void tensor_row(const Tensor& W, int64_t r, float* out);
float dot(const float* a, const float* b, int n);
// out[j] = dot(q, K + j*stride, len) for j < n (attention scores over cached keys).
void dot_rows(const float* q, const float* K, int64_t stride, int n, int len, float* out);
// out = sum_j p[j] * (V + j*stride)[0..len) (attention-weighted values); overwrites out.
void weighted_rows(const float* p, const float* V, int64_t stride, int n, int len, float* out);

// True when the AVX2/FMA/F16C kernels are in use; set_force_scalar(true) selects the fallback.
bool simd_enabled();
void set_force_scalar(bool force);
// The f16 mat-vec also has an AVX-512 variant, used when the CPU has AVX-512F (default on).
void set_allow_avx512(bool allow);
bool avx512_enabled();

} // namespace axl::model
