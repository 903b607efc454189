// Matrix products for batched forward/backward: OpenBLAS sgemm (run single-threaded) split across
// our own OpenMP threads, so one thread count governs every kernel and nothing oversubscribes.
#pragma once

#include "weights.h"

namespace axl::model {

// Threads used by the calling thread's batched kernels (>= 1; default 1; thread-local).
void set_num_threads(int n);
int num_threads();

// Row-major C[M,N] = alpha * op(A)[M,K] * op(B)[K,N] + beta * C, split over num_threads().
void gemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A, int lda,
          const float* B, int ldb, float beta, float* C, int ldc);
// The same on the calling thread only (for use inside parallel loops).
void gemm_serial(bool trans_a, bool trans_b, int M, int N, int K, float alpha, const float* A,
                 int lda, const float* B, int ldb, float beta, float* C, int ldc);

// Y[N, W.rows] (+)= X[N, W.cols] * W^T. W may be f16 (converted per call to a scratch copy).
void linear_fwd(const float* X, int N, const Tensor& W, float* Y, bool accumulate = false);
// dX[N, W.cols] (+)= dY[N, W.rows] * W (skipped when dX is null); dW += dY^T X (skipped if null).
void linear_bwd(const float* X, const float* dY, int N, const Tensor& W, float* dX, float* dW,
                bool accumulate_dx);

} // namespace axl::model
