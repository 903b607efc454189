#include "blas.h"

#include "kernels.h"

#include <algorithm>
#include <cblas.h>
#include <omp.h>
#include <vector>

extern "C" {
void openblas_set_num_threads(int);
// OpenBLAS's pthread build (Debian's default) starts a pool of worker threads when the library
// loads, whatever openblas_set_num_threads says later, and each spins (sched_yield) for 2^28 TSC
// cycles (~0.1 s) before it sleeps: a short run decoding on one thread had a second core busy
// (`bench`: 1,300 bytes/s wall but 810 per CPU-second). We never use the pool, so stop it.
// Weak: other OpenBLAS builds lack it.
int blas_thread_shutdown_(void) __attribute__((weak));
}

namespace axl::model {

namespace {
const bool g_blas_serial = [] {
  openblas_set_num_threads(1); // all parallelism is ours
  if (blas_thread_shutdown_) blas_thread_shutdown_();
  return true;
}();
// Per thread: the trainer's data-parallel workers run their ops serially.
thread_local int g_threads = 1;

const float* as_f32(const Tensor& W) {
  if (W.type == DType::F32) return static_cast<const float*>(W.data);
  thread_local std::vector<float> scratch;
  scratch.resize(static_cast<size_t>(W.numel()));
  f16_to_f32_array(static_cast<const uint16_t*>(W.data), scratch.data(), W.numel());
  return scratch.data();
}
} // namespace

void set_num_threads(int n) {
  g_threads = std::max(1, n);
}
int num_threads() {
  return g_threads;
}

void gemm_serial(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda,
                 const float* B, int ldb, float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) C[i * ldc + j] = beta == 0.0f ? 0.0f : beta * C[i * ldc + j];
    return;
  }
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N,
              K, alpha, A, lda, B, ldb, beta, C, ldc);
}

void gemm(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda,
          const float* B, int ldb, float beta, float* C, int ldc) {
  const int nt = g_threads;
  // Small products are not worth a fork/join.
  if (nt <= 1 || static_cast<double>(M) * N * K < 2e6)
    return gemm_serial(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  const bool split_m = M >= N;
  const int total = split_m ? M : N;
#pragma omp parallel for num_threads(nt) schedule(static, 1)
  for (int p = 0; p < nt; ++p) {
    const int lo = static_cast<int>(int64_t(total) * p / nt),
              hi = static_cast<int>(int64_t(total) * (p + 1) / nt);
    if (hi <= lo) continue;
    if (split_m) {
      const float* a = ta ? A + lo : A + int64_t(lo) * lda;
      gemm_serial(ta, tb, hi - lo, N, K, alpha, a, lda, B, ldb, beta, C + int64_t(lo) * ldc, ldc);
    } else {
      const float* b = tb ? B + int64_t(lo) * ldb : B + lo;
      gemm_serial(ta, tb, M, hi - lo, K, alpha, A, lda, b, ldb, beta, C + lo, ldc);
    }
  }
}

void linear_fwd(const float* X, int N, const Tensor& W, float* Y, bool accumulate) {
  const int out = static_cast<int>(W.rows), in = static_cast<int>(W.cols);
  gemm(false, true, N, out, in, 1.0f, X, in, as_f32(W), in, accumulate ? 1.0f : 0.0f, Y, out);
}

void linear_bwd(const float* X, const float* dY, int N, const Tensor& W, float* dX, float* dW,
                bool accumulate_dx) {
  const int out = static_cast<int>(W.rows), in = static_cast<int>(W.cols);
  if (dX)
    gemm(false, false, N, in, out, 1.0f, dY, out, as_f32(W), in, accumulate_dx ? 1.0f : 0.0f, dX,
         in);
  if (dW) gemm(true, false, out, in, N, 1.0f, dY, out, X, in, 1.0f, dW, in);
}

} // namespace axl::model
