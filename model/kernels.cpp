#include "kernels.h"

#include <algorithm>
#include <cpuid.h>
#include <cstring>
#include <immintrin.h>
#include <vector>

namespace axl::model {

uint16_t f32_to_f16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t absx = x & 0x7fffffffu;
  if (absx >= 0x7f800000u)
    return static_cast<uint16_t>(sign | (absx > 0x7f800000u ? 0x7e00u : 0x7c00u));
  if (absx >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u); // overflow -> inf
  if (absx < 0x38800000u) {                                              // subnormal or zero
    if (absx < 0x33000000u) return static_cast<uint16_t>(sign);
    const uint32_t mant = (absx & 0x7fffffu) | 0x800000u;
    const int shift = 126 - static_cast<int>(absx >> 23); // 14..24
    uint32_t h = mant >> shift;
    const uint32_t rem = mant & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1u))) ++h;
    return static_cast<uint16_t>(sign | h);
  }
  uint32_t h = ((absx - 0x38000000u) >> 13);
  const uint32_t rem = absx & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;
  return static_cast<uint16_t>(sign | h);
}

float f16_to_f32(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu, x;
  if (exp == 0x1f) {
    x = sign | 0x7f800000u | (mant << 13);
  } else if (exp == 0) {
    if (mant == 0) {
      x = sign;
    } else { // normalise the subnormal
      int e = -1;
      do {
        ++e, mant <<= 1;
      } while (!(mant & 0x400u));
      x = sign | ((112u - e) << 23) | ((mant & 0x3ffu) << 13);
    }
  } else {
    x = sign | ((exp + 112u) << 23) | (mant << 13);
  }
  float f;
  std::memcpy(&f, &x, 4);
  return f;
}

namespace {

bool has_f16c() { // CPUID.1:ECX bit 29 (clang's __builtin_cpu_supports lacks "f16c")
  unsigned a = 0, b = 0, c = 0, d = 0;
  return __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 29));
}
bool detect() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && has_f16c();
}
bool detect512() {
  __builtin_cpu_init();
  return detect() && __builtin_cpu_supports("avx512f");
}
bool g_simd = detect();
bool g_avx512 = detect512(); // wider f16 mat-vec where available (same results up to rounding)

// ---- portable versions ----
float dot_scalar(const float* a, const float* b, int n) {
  float s = 0.0f;
  for (int i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}
void matvec_f16_scalar(const uint16_t* W, int64_t cols, const float* x, float* y, int64_t r0,
                       int64_t r1) {
  // A 256 KiB table replaces the bit-twiddling conversion; four sums break the add chain.
  static const std::vector<float> table = [] {
    std::vector<float> t(65536);
    for (uint32_t h = 0; h < 65536; ++h) t[h] = f16_to_f32(static_cast<uint16_t>(h));
    return t;
  }();
  const float* T = table.data();
  for (int64_t r = r0; r < r1; ++r) {
    const uint16_t* w = W + r * cols;
    float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
    int64_t c = 0;
    for (; c + 4 <= cols; c += 4) {
      s0 += T[w[c]] * x[c];
      s1 += T[w[c + 1]] * x[c + 1];
      s2 += T[w[c + 2]] * x[c + 2];
      s3 += T[w[c + 3]] * x[c + 3];
    }
    for (; c < cols; ++c) s0 += T[w[c]] * x[c];
    y[r] = (s0 + s1) + (s2 + s3);
  }
}

// Adds the columns [c0, cols) of rows w0..w0+3*cols (the part a SIMD loop left) to s[0..3].
void rows4_tail(const uint16_t* w0, int64_t cols, int64_t c0, const float* x, float* s) {
  for (int64_t c = c0; c < cols; ++c)
    for (int i = 0; i < 4; ++i) s[i] += f16_to_f32(w0[i * cols + c]) * x[c];
}

// ---- AVX2 / FMA / F16C versions ----
#define AXL_SIMD __attribute__((target("avx2,fma,f16c")))

AXL_SIMD inline float hsum(__m256 v) {
  __m128 lo = _mm256_castps256_ps128(v), hi = _mm256_extractf128_ps(v, 1);
  lo = _mm_add_ps(lo, hi);
  lo = _mm_add_ps(lo, _mm_movehl_ps(lo, lo));
  lo = _mm_add_ss(lo, _mm_movehdup_ps(lo));
  return _mm_cvtss_f32(lo);
}

// Sums of four accumulators at once: [sum(a0), sum(a1), sum(a2), sum(a3)] (3 hadds, not 4 hsums).
AXL_SIMD inline __m128 hsum4(__m256 a0, __m256 a1, __m256 a2, __m256 a3) {
  const __m256 t = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
  return _mm_add_ps(_mm256_castps256_ps128(t), _mm256_extractf128_ps(t, 1));
}

AXL_SIMD float dot_avx2(const float* a, const float* b, int n) {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
  }
  for (; i + 8 <= n; i += 8)
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
  float s = hsum(_mm256_add_ps(s0, s1));
  for (; i < n; ++i) s += a[i] * b[i];
  return s;
}

// Rows r..r+3 of W against NB vectors at once: each converted block of weights feeds 4*NB FMAs.
// Every (row, vector) sum is accumulated in the same order whatever NB is, so a batched product
// equals the single-vector one bit for bit.
template <int NB>
AXL_SIMD void rows4_f16_avx2(const uint16_t* W, int64_t cols, const float* const* x,
                             float* const* y, int64_t r) {
  const int64_t c8 = cols & ~int64_t(7);
  const uint16_t* w0 = W + r * cols;
  const uint16_t* w1 = w0 + cols;
  const uint16_t* w2 = w1 + cols;
  const uint16_t* w3 = w2 + cols;
  __m256 a[NB][4];
  for (int b = 0; b < NB; ++b)
    for (int i = 0; i < 4; ++i) a[b][i] = _mm256_setzero_ps();
  for (int64_t c = 0; c < c8; c += 8) {
    // Streams of weights come from L3: ask for the next block's rows early.
    _mm_prefetch(reinterpret_cast<const char*>(w0 + c + 8 * cols), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(w2 + c + 8 * cols), _MM_HINT_T0);
    const __m256 v0 = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w0 + c)));
    const __m256 v1 = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w1 + c)));
    const __m256 v2 = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w2 + c)));
    const __m256 v3 = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w3 + c)));
    for (int b = 0; b < NB; ++b) {
      const __m256 xv = _mm256_loadu_ps(x[b] + c);
      a[b][0] = _mm256_fmadd_ps(v0, xv, a[b][0]);
      a[b][1] = _mm256_fmadd_ps(v1, xv, a[b][1]);
      a[b][2] = _mm256_fmadd_ps(v2, xv, a[b][2]);
      a[b][3] = _mm256_fmadd_ps(v3, xv, a[b][3]);
    }
  }
  for (int b = 0; b < NB; ++b) {
    float s[4];
    _mm_storeu_ps(s, hsum4(a[b][0], a[b][1], a[b][2], a[b][3]));
    rows4_tail(w0, cols, c8, x[b], s);
    y[b][r] = s[0], y[b][r + 1] = s[1], y[b][r + 2] = s[2], y[b][r + 3] = s[3];
  }
}

// GCC 12 warns inside its own AVX-512 intrinsic headers (_mm512_undefined_*), where the kernels
// are instantiated (the tables below); the code is fine.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
// 16 lanes -> 8 lanes (AVX-512F only, no DQ needed).
__attribute__((target("avx512f,avx2,fma,f16c"))) inline __m256 fold(__m512 a) {
  return _mm256_add_ps(_mm512_castps512_ps256(a),
                       _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(a), 1)));
}
// AVX-512 variant of rows4_f16_avx2: 16 weights per conversion (same ordering promise).
template <int NB>
__attribute__((target("avx512f,avx2,fma,f16c"))) void
rows4_f16_avx512(const uint16_t* W, int64_t cols, const float* const* x, float* const* y,
                 int64_t r) {
  const int64_t c16 = cols & ~int64_t(15);
  const uint16_t* w0 = W + r * cols;
  const uint16_t* w1 = w0 + cols;
  const uint16_t* w2 = w1 + cols;
  const uint16_t* w3 = w2 + cols;
  __m512 a[NB][4];
  for (int b = 0; b < NB; ++b)
    for (int i = 0; i < 4; ++i) a[b][i] = _mm512_setzero_ps();
  for (int64_t c = 0; c < c16; c += 16) {
    _mm_prefetch(reinterpret_cast<const char*>(w0 + c + 8 * cols), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(w2 + c + 8 * cols), _MM_HINT_T0);
    const __m512 v0 = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w0 + c)));
    const __m512 v1 = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w1 + c)));
    const __m512 v2 = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w2 + c)));
    const __m512 v3 = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(w3 + c)));
    for (int b = 0; b < NB; ++b) {
      const __m512 xv = _mm512_loadu_ps(x[b] + c);
      a[b][0] = _mm512_fmadd_ps(v0, xv, a[b][0]);
      a[b][1] = _mm512_fmadd_ps(v1, xv, a[b][1]);
      a[b][2] = _mm512_fmadd_ps(v2, xv, a[b][2]);
      a[b][3] = _mm512_fmadd_ps(v3, xv, a[b][3]);
    }
  }
  for (int b = 0; b < NB; ++b) {
    float s[4];
    _mm_storeu_ps(s, hsum4(fold(a[b][0]), fold(a[b][1]), fold(a[b][2]), fold(a[b][3])));
    rows4_tail(w0, cols, c16, x[b], s);
    y[b][r] = s[0], y[b][r + 1] = s[1], y[b][r + 2] = s[2], y[b][r + 3] = s[3];
  }
}

AXL_SIMD void f16_to_f32_avx2(const uint16_t* x, float* y, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(y + i,
                     _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x + i))));
  for (; i < n; ++i) y[i] = f16_to_f32(x[i]);
}

AXL_SIMD void dot_rows_avx2(const float* q, const float* K, int64_t stride, int n, int len,
                            float* out) {
  const int l8 = len & ~7;
  int j = 0;
  for (; j + 4 <= n; j += 4) {
    const float* k0 = K + j * stride;
    const float* k1 = k0 + stride;
    const float* k2 = k1 + stride;
    const float* k3 = k2 + stride;
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (int c = 0; c < l8; c += 8) {
      const __m256 qv = _mm256_loadu_ps(q + c);
      a0 = _mm256_fmadd_ps(_mm256_loadu_ps(k0 + c), qv, a0);
      a1 = _mm256_fmadd_ps(_mm256_loadu_ps(k1 + c), qv, a1);
      a2 = _mm256_fmadd_ps(_mm256_loadu_ps(k2 + c), qv, a2);
      a3 = _mm256_fmadd_ps(_mm256_loadu_ps(k3 + c), qv, a3);
    }
    _mm_storeu_ps(out + j, hsum4(a0, a1, a2, a3));
    for (int c = l8; c < len; ++c)
      out[j] += q[c] * k0[c], out[j + 1] += q[c] * k1[c], out[j + 2] += q[c] * k2[c],
          out[j + 3] += q[c] * k3[c];
  }
  for (; j < n; ++j) out[j] = dot_avx2(q, K + j * stride, len);
}

AXL_SIMD void weighted_rows_avx2(const float* p, const float* V, int64_t stride, int n, int len,
                                 float* out) {
  int c = 0;
  for (; c + 16 <= len; c += 16) {
    __m256 a0 = _mm256_setzero_ps(), a1 = a0;
    for (int j = 0; j < n; ++j) {
      const __m256 pj = _mm256_set1_ps(p[j]);
      a0 = _mm256_fmadd_ps(pj, _mm256_loadu_ps(V + j * stride + c), a0);
      a1 = _mm256_fmadd_ps(pj, _mm256_loadu_ps(V + j * stride + c + 8), a1);
    }
    _mm256_storeu_ps(out + c, a0);
    _mm256_storeu_ps(out + c + 8, a1);
  }
  for (; c + 8 <= len; c += 8) {
    __m256 a0 = _mm256_setzero_ps();
    for (int j = 0; j < n; ++j)
      a0 = _mm256_fmadd_ps(_mm256_set1_ps(p[j]), _mm256_loadu_ps(V + j * stride + c), a0);
    _mm256_storeu_ps(out + c, a0);
  }
  for (; c < len; ++c) {
    float a = 0.0f;
    for (int j = 0; j < n; ++j) a += p[j] * V[j * stride + c];
    out[c] = a;
  }
}

} // namespace

void dot_rows(const float* q, const float* K, int64_t stride, int n, int len, float* out) {
  if (g_simd) return dot_rows_avx2(q, K, stride, n, len, out);
  for (int j = 0; j < n; ++j) out[j] = dot_scalar(q, K + j * stride, len);
}

void weighted_rows(const float* p, const float* V, int64_t stride, int n, int len, float* out) {
  if (g_simd) return weighted_rows_avx2(p, V, stride, n, len, out);
  for (int c = 0; c < len; ++c) out[c] = 0.0f;
  for (int j = 0; j < n; ++j)
    for (int c = 0; c < len; ++c) out[c] += p[j] * V[j * stride + c];
}

bool simd_enabled() {
  return g_simd;
}
void set_force_scalar(bool force) {
  g_simd = force ? false : detect();
  g_avx512 = force ? false : detect512();
}
void set_allow_avx512(bool allow) {
  g_avx512 = allow && g_simd && detect512();
}
bool avx512_enabled() {
  return g_avx512;
}

void f32_to_f16_array(const float* x, uint16_t* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = f32_to_f16(x[i]);
}

void f16_to_f32_array(const uint16_t* x, float* y, int64_t n) {
  if (g_simd) return f16_to_f32_avx2(x, y, n);
  for (int64_t i = 0; i < n; ++i) y[i] = f16_to_f32(x[i]);
}

namespace {
using Rows4 = void (*)(const uint16_t*, int64_t, const float* const*, float* const*, int64_t);

// y_b = W x_b (b < n) over rows [r0, r1) with 4-row SIMD kernels taking up to 4 vectors at once
// (K[k-1] takes k; a 4-row block stays in L1 while every vector passes); leftover rows go scalar.
void matvec_f16_rows(const Rows4 (&K)[4], int max_nb, const uint16_t* W, int64_t cols,
                     const float* const* x, float* const* y, int n, int64_t r0, int64_t r1) {
  int64_t r = r0;
  for (; r + 4 <= r1; r += 4)
    for (int b = 0; b < n; b += max_nb) K[std::min(max_nb, n - b) - 1](W, cols, x + b, y + b, r);
  if (r < r1)
    for (int b = 0; b < n; ++b) matvec_f16_scalar(W, cols, x[b], y[b], r, r1);
}
constexpr Rows4 kAvx512[4] = {rows4_f16_avx512<1>, rows4_f16_avx512<2>, rows4_f16_avx512<3>,
                              rows4_f16_avx512<4>};
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
constexpr Rows4 kAvx2[4] = {rows4_f16_avx2<1>, rows4_f16_avx2<2>, rows4_f16_avx2<2>,
                            rows4_f16_avx2<2>}; // 16 ymm registers: 2 vectors at a time
} // namespace

void matvec_batch(const Tensor& W, const float* const* x, float* const* y, int n, int64_t r0,
                  int64_t r1) {
  const int64_t cols = W.cols;
  if (W.type == DType::F16) {
    const auto* w = static_cast<const uint16_t*>(W.data);
    if (g_avx512) return matvec_f16_rows(kAvx512, 4, w, cols, x, y, n, r0, r1);
    if (g_simd) return matvec_f16_rows(kAvx2, 2, w, cols, x, y, n, r0, r1);
    for (int64_t r = r0; r < r1; r += 16) // a block of rows stays in cache for every vector
      for (int b = 0; b < n; ++b) matvec_f16_scalar(w, cols, x[b], y[b], r, std::min(r + 16, r1));
    return;
  }
  const auto* w = static_cast<const float*>(W.data);
  for (int64_t r = r0; r < r1; ++r)
    for (int b = 0; b < n; ++b)
      y[b][r] = g_simd ? dot_avx2(w + r * cols, x[b], static_cast<int>(cols))
                       : dot_scalar(w + r * cols, x[b], static_cast<int>(cols));
}

void matvec(const Tensor& W, const float* x, float* y, int64_t r0, int64_t r1) {
  matvec_batch(W, &x, &y, 1, r0, r1);
}

void tensor_row(const Tensor& W, int64_t r, float* out) {
  if (W.type == DType::F16)
    f16_to_f32_array(static_cast<const uint16_t*>(W.data) + r * W.cols, out, W.cols);
  else
    std::memcpy(out, static_cast<const float*>(W.data) + r * W.cols, sizeof(float) * W.cols);
}

float dot(const float* a, const float* b, int n) {
  return g_simd ? dot_avx2(a, b, n) : dot_scalar(a, b, n);
}

} // namespace axl::model
