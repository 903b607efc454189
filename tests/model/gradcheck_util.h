// Directional finite-difference checks shared by the gradient tests.
#pragma once

#include <cmath>
#include <functional>
#include <random>
#include <vector>

namespace axl::model::test {

// Central difference of L along direction v at x (x is restored).
inline double directional_fd(const std::function<double()>& L, float* x,
                             const std::vector<float>& v, double eps) {
  const size_t n = v.size();
  std::vector<float> x0(x, x + n);
  for (size_t i = 0; i < n; ++i) x[i] = static_cast<float>(x0[i] + eps * v[i]);
  const double lp = L();
  for (size_t i = 0; i < n; ++i) x[i] = static_cast<float>(x0[i] - eps * v[i]);
  const double lm = L();
  for (size_t i = 0; i < n; ++i) x[i] = x0[i];
  return (lp - lm) / (2.0 * eps);
}

// A direction mixing the gradient (so the derivative is large) with unit-scale noise of equal norm.
inline std::vector<float> probe_direction(const float* g, size_t n, std::mt19937& rng) {
  std::normal_distribution<float> N(0.0f, 1.0f);
  double gn = 0.0;
  for (size_t i = 0; i < n; ++i) gn += double(g[i]) * g[i];
  gn = std::sqrt(gn) + 1e-12;
  std::vector<float> v(n), r(n);
  double rn = 0.0;
  for (size_t i = 0; i < n; ++i) r[i] = N(rng), rn += double(r[i]) * r[i];
  rn = std::sqrt(rn);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<float>(g[i] / gn + r[i] / rn);
  return v;
}

inline double dotv(const float* g, const std::vector<float>& v) {
  double s = 0.0;
  for (size_t i = 0; i < v.size(); ++i) s += double(g[i]) * v[i];
  return s;
}

inline double rel_err(double a, double b) {
  return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-6});
}

} // namespace axl::model::test
