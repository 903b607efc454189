#include "ops.h"

#include "blas.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace axl::model {

// Parallelise row loops only when there is enough work to pay for the fork/join.
#define AXL_PARALLEL_ROWS(R) _Pragma("omp parallel for num_threads(num_threads()) if((R) >= 64)")

void rmsnorm_fwd(const float* x, const float* w, int R, int d, float eps, float* y, float* rstd) {
  AXL_PARALLEL_ROWS(R)
  for (int r = 0; r < R; ++r) {
    const float* xr = x + long(r) * d;
    float ss = 0.0f;
    for (int i = 0; i < d; ++i) ss += xr[i] * xr[i];
    const float rs = 1.0f / std::sqrt(ss / d + eps);
    rstd[r] = rs;
    float* yr = y + long(r) * d;
    for (int i = 0; i < d; ++i) yr[i] = xr[i] * rs * w[i];
  }
}

void rmsnorm_bwd(const float* x, const float* w, const float* rstd, const float* dy, int R, int d,
                 float* dx, float* dw) {
  // dx = rs * (dy*w) - x * rs^3 * mean(dy*w*x);  dw += dy * x * rs
  AXL_PARALLEL_ROWS(R)
  for (int r = 0; r < R; ++r) {
    const float* xr = x + long(r) * d;
    const float* g = dy + long(r) * d;
    const float rs = rstd[r];
    float dot = 0.0f;
    for (int i = 0; i < d; ++i) dot += g[i] * w[i] * xr[i];
    const float c = rs * rs * rs * dot / d;
    float* dxr = dx + long(r) * d;
    for (int i = 0; i < d; ++i) dxr[i] += rs * g[i] * w[i] - c * xr[i];
  }
  for (int r = 0; r < R; ++r) { // serial: rows all add into the same dw
    const float* xr = x + long(r) * d;
    const float* g = dy + long(r) * d;
    for (int i = 0; i < d; ++i) dw[i] += g[i] * xr[i] * rstd[r];
  }
}

RopeTable::RopeTable(int head_dim, int max_positions, float base)
    : hd(head_dim), max_pos(max_positions) {
  const int half = hd / 2;
  cos.resize(size_t(max_pos) * half);
  sin.resize(size_t(max_pos) * half);
  for (int p = 0; p < max_pos; ++p)
    for (int i = 0; i < half; ++i) {
      const double theta = p * std::pow(double(base), -2.0 * i / hd);
      cos[size_t(p) * half + i] = static_cast<float>(std::cos(theta));
      sin[size_t(p) * half + i] = static_cast<float>(std::sin(theta));
    }
}

static inline void rope_one(float* x, int n_head, int hd, const float* c, const float* s,
                            float sign) {
  for (int h = 0; h < n_head; ++h) {
    float* xh = x + h * hd;
    for (int i = 0; i < hd / 2; ++i) {
      const float x0 = xh[2 * i], x1 = xh[2 * i + 1], sn = sign * s[i];
      xh[2 * i] = x0 * c[i] - x1 * sn;
      xh[2 * i + 1] = x0 * sn + x1 * c[i];
    }
  }
}

void rope_apply(float* x, int B, int n, int n_head, const int* pos, const RopeTable& t,
                bool inverse) {
  const int hd = t.hd, half = hd / 2, R = B * n;
  AXL_PARALLEL_ROWS(R)
  for (int r = 0; r < R; ++r) {
    const int p = pos[r % n];
    rope_one(x + long(r) * n_head * hd, n_head, hd, &t.cos[size_t(p) * half],
             &t.sin[size_t(p) * half], inverse ? -1.0f : 1.0f);
  }
}

void rope_row(float* x, int n_head, int pos, const RopeTable& t) {
  const int half = t.hd / 2;
  rope_one(x, n_head, t.hd, &t.cos[size_t(pos) * half], &t.sin[size_t(pos) * half], 1.0f);
}

static inline float sigmoid(float x) {
  return 1.0f / (1.0f + std::exp(-x));
}

void swiglu_fwd(const float* a, const float* b, float* g, long n) {
#pragma omp parallel for num_threads(num_threads()) if (n >= 65536)
  for (long i = 0; i < n; ++i) g[i] = a[i] * sigmoid(a[i]) * b[i];
}

void swiglu_bwd(const float* a, const float* b, const float* dg, float* da, float* db, long n) {
#pragma omp parallel for num_threads(num_threads()) if (n >= 65536)
  for (long i = 0; i < n; ++i) {
    const float s = sigmoid(a[i]);
    const float silu = a[i] * s;
    da[i] += dg[i] * b[i] * s * (1.0f + a[i] * (1.0f - s));
    db[i] += dg[i] * silu;
  }
}

void attention_fwd(const float* q, const float* k, const float* v, int B, int nq, int nk, int H,
                   int hd, const int* qend, const int* kend, float* P, float* out) {
  const int d = H * hd;
  const float scale = 1.0f / std::sqrt(float(hd));
#pragma omp parallel for num_threads(num_threads()) collapse(2) schedule(dynamic)
  for (int b = 0; b < B; ++b)
    for (int h = 0; h < H; ++h) {
      const float* qb = q + long(b) * nq * d + h * hd; // [nq, hd] stride d
      const float* kb = k + long(b) * nk * d + h * hd; // [nk, hd] stride d
      const float* vb = v + long(b) * nk * d + h * hd;
      float* Pb = P + (long(b) * H + h) * nq * nk; // [nq, nk]
      float* ob = out + long(b) * nq * d + h * hd; // [nq, hd] stride d
      gemm_serial(false, true, nq, nk, hd, scale, qb, d, kb, d, 0.0f, Pb,
                  nk);               // S = q k^T / sqrt(hd)
      for (int i = 0; i < nq; ++i) { // masked softmax
        float* row = Pb + long(i) * nk;
        float mx = -std::numeric_limits<float>::infinity();
        for (int j = 0; j < nk; ++j)
          if (kend[j] <= qend[i]) mx = std::max(mx, row[j]);
        if (mx == -std::numeric_limits<float>::infinity()) {
          std::fill(row, row + nk, 0.0f);
          continue;
        }
        float sum = 0.0f;
        for (int j = 0; j < nk; ++j) {
          const float e = kend[j] <= qend[i] ? std::exp(row[j] - mx) : 0.0f;
          row[j] = e;
          sum += e;
        }
        const float inv = 1.0f / sum;
        for (int j = 0; j < nk; ++j) row[j] *= inv;
      }
      gemm_serial(false, false, nq, hd, nk, 1.0f, Pb, nk, vb, d, 0.0f, ob, d); // out = P v
    }
}

void attention_bwd(const float* q, const float* k, const float* v, const float* P,
                   const float* dout, int B, int nq, int nk, int H, int hd, float* dq, float* dk,
                   float* dv) {
  const int d = H * hd;
  const float scale = 1.0f / std::sqrt(float(hd));
#pragma omp parallel num_threads(num_threads())
  {
    std::vector<float> dS(size_t(nq) * nk);
#pragma omp for collapse(2) schedule(dynamic)
    for (int b = 0; b < B; ++b)
      for (int h = 0; h < H; ++h) {
        const long qo = long(b) * nq * d + h * hd, ko = long(b) * nk * d + h * hd;
        const float* Pb = P + (long(b) * H + h) * nq * nk;
        gemm_serial(false, true, nq, nk, hd, 1.0f, dout + qo, d, v + ko, d, 0.0f, dS.data(),
                    nk); // dP = dO v^T
        gemm_serial(true, false, nk, hd, nq, 1.0f, Pb, nk, dout + qo, d, 0.0f, dv + ko,
                    d);                // dv = P^T dO
        for (int i = 0; i < nq; ++i) { // dS = P * (dP - sum_j dP P) * scale
          float* r = dS.data() + long(i) * nk;
          const float* p = Pb + long(i) * nk;
          float acc = 0.0f;
          for (int j = 0; j < nk; ++j) acc += r[j] * p[j];
          for (int j = 0; j < nk; ++j) r[j] = p[j] * (r[j] - acc) * scale;
        }
        gemm_serial(false, false, nq, hd, nk, 1.0f, dS.data(), nk, k + ko, d, 0.0f, dq + qo,
                    d); // dq = dS k
        gemm_serial(true, false, nk, hd, nq, 1.0f, dS.data(), nk, q + qo, d, 0.0f, dk + ko,
                    d); // dk = dS^T q
      }
  }
}

double cross_entropy(const float* logits, const int* targets, const float* weights, int N, int V,
                     float* dlogits, float scale) {
  double total = 0.0;
#pragma omp parallel for num_threads(num_threads()) reduction(+ : total) if (N >= 256)
  for (int i = 0; i < N; ++i) {
    const float* row = logits + long(i) * V;
    const float w = weights ? weights[i] : 1.0f;
    float mx = row[0];
    for (int j = 1; j < V; ++j) mx = std::max(mx, row[j]);
    double sum = 0.0;
    for (int j = 0; j < V; ++j) sum += std::exp(double(row[j] - mx));
    const double lse = mx + std::log(sum);
    total += w * (lse - row[targets[i]]);
    if (dlogits) {
      float* dr = dlogits + long(i) * V;
      for (int j = 0; j < V; ++j) dr[j] = scale * w * static_cast<float>(std::exp(row[j] - lse));
      dr[targets[i]] -= scale * w;
    }
  }
  return total;
}

} // namespace axl::model
