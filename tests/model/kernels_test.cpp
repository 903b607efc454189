// f16 conversion and the SIMD decode kernels against their scalar definitions.
#include "model/blas.h"
#include "model/kernels.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>

using namespace axl::model;

TEST_CASE("f16 conversion round-trips every half value and rounds to nearest even",
          "[model][kernels]") {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = f16_to_f32(static_cast<uint16_t>(h));
    if (std::isnan(f)) {
      CHECK((f32_to_f16(f) & 0x7c00) == 0x7c00);
      continue;
    }
    REQUIRE(f32_to_f16(f) == h);
  }
  CHECK(f16_to_f32(0x3c00) == 1.0f);
  CHECK(f16_to_f32(0x0001) == std::ldexp(1.0f, -24)); // smallest subnormal
  CHECK(f32_to_f16(65504.0f) == 0x7bff);
  CHECK(f32_to_f16(1e6f) == 0x7c00);                         // overflow to inf
  CHECK(f32_to_f16(1.0f + std::ldexp(1.0f, -11)) == 0x3c00); // tie -> even
  CHECK(f32_to_f16(1.0f + 3 * std::ldexp(1.0f, -11)) == 0x3c02);
}

TEST_CASE("SIMD and scalar mat-vec agree for f32 and f16 weights", "[model][kernels]") {
  std::mt19937 rng(1);
  std::normal_distribution<float> N(0.0f, 1.0f);
  for (int cols : {8, 20, 224, 1152}) {
    const int rows = 13;
    std::vector<float> w(rows * cols), x(cols), y1(rows), y2(rows);
    std::vector<uint16_t> h(rows * cols);
    for (auto& v : w) v = N(rng);
    for (auto& v : x) v = N(rng);
    f32_to_f16_array(w.data(), h.data(), w.size());
    for (DType dt : {DType::F32, DType::F16}) {
      Tensor t{dt == DType::F32 ? static_cast<void*>(w.data()) : static_cast<void*>(h.data()), dt,
               rows, cols};
      set_force_scalar(true);
      matvec(t, x.data(), y1.data());
      set_force_scalar(false);
      set_allow_avx512(false);
      matvec(t, x.data(), y2.data());
      std::vector<float> y3(rows);
      set_allow_avx512(true); // no-op on CPUs without AVX-512
      matvec(t, x.data(), y3.data());
      for (int r = 0; r < rows; ++r) {
        double ref = 0.0;
        for (int c = 0; c < cols; ++c)
          ref += double(dt == DType::F32 ? w[r * cols + c] : f16_to_f32(h[r * cols + c])) * x[c];
        CHECK(std::abs(y1[r] - ref) <= 1e-3 * std::sqrt(cols));
        CHECK(std::abs(y2[r] - ref) <= 1e-3 * std::sqrt(cols));
        CHECK(std::abs(y3[r] - ref) <= 1e-3 * std::sqrt(cols));
      }
    }
  }
}

TEST_CASE("attention kernels: dot_rows and weighted_rows match their definitions",
          "[model][kernels]") {
  std::mt19937 rng(2);
  std::normal_distribution<float> N(0.0f, 1.0f);
  const int stride = 64;
  for (int n : {1, 3, 4, 7, 33}) {
    for (int len : {8, 20, 56}) {
      std::vector<float> K(size_t(n) * stride), q(len), p(n);
      for (auto& v : K) v = N(rng);
      for (auto& v : q) v = N(rng);
      for (auto& v : p) v = N(rng);
      for (bool scalar : {true, false}) {
        set_force_scalar(scalar);
        std::vector<float> s(n), o(len, 123.0f);
        dot_rows(q.data(), K.data(), stride, n, len, s.data());
        weighted_rows(p.data(), K.data(), stride, n, len, o.data());
        for (int j = 0; j < n; ++j) {
          double ref = 0;
          for (int c = 0; c < len; ++c) ref += double(q[c]) * K[j * stride + c];
          CHECK(std::abs(s[j] - ref) <= 1e-4 * (1 + std::abs(ref)));
        }
        for (int c = 0; c < len; ++c) {
          double ref = 0;
          for (int j = 0; j < n; ++j) ref += double(p[j]) * K[j * stride + c];
          CHECK(std::abs(o[c] - ref) <= 1e-4 * (1 + std::abs(ref)));
        }
      }
      set_force_scalar(false);
    }
  }
}

extern "C" int blas_server_avail __attribute__((weak)); // OpenBLAS (pthread build): pool running

TEST_CASE("OpenBLAS keeps no worker threads of its own (they spin at start-up)",
          "[model][kernels]") {
  // Its pool starts when the library loads and spins ~2^28 cycles before sleeping: a second core
  // busy while a short command decodes on one thread. Every SGEMM we make is single-threaded.
  set_num_threads(1);
  if (&blas_server_avail == nullptr)
    SUCCEED("not the pthread OpenBLAS: no pool");
  else
    CHECK(blas_server_avail == 0);
  std::vector<float> a(64 * 64, 1.0f), c(64 * 64);
  gemm(false, false, 64, 64, 64, 1.0f, a.data(), 64, a.data(), 64, 0.0f, c.data(), 64);
  CHECK(c[0] == 64.0f); // BLAS still works without its pool
}
