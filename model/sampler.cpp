#include "sampler.h"

#include <algorithm>
#include <cmath>

namespace axl::model {

Sampler::Sampler(const SamplerParams& p) : p_(p), rng_(p.seed) {}

int Sampler::sample(const float* logits, int n) {
  // Larger logit first; ties broken by the smaller id so the order never depends on the sort.
  auto better = [](const std::pair<float, int>& a, const std::pair<float, int>& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  if (p_.temperature <= 0.0f) {
    int best = 0;
    for (int i = 1; i < n; ++i)
      if (logits[i] > logits[best]) best = i;
    return best;
  }
  cand_.clear();
  for (int i = 0; i < n; ++i) cand_.emplace_back(logits[i], i);
  const int k = (p_.top_k > 0 && p_.top_k < n) ? p_.top_k : n;
  std::partial_sort(cand_.begin(), cand_.begin() + k, cand_.end(), better);
  cand_.resize(k);
  const float mx = cand_[0].first;
  double sum = 0.0;
  for (auto& c : cand_) sum += (c.first = std::exp((c.first - mx) / p_.temperature));
  for (auto& c : cand_) c.first = static_cast<float>(c.first / sum);
  if (p_.top_p < 1.0f) { // smallest prefix whose probability reaches top_p
    double cum = 0.0;
    size_t keep = 0;
    while (keep < cand_.size() && cum < p_.top_p) cum += cand_[keep++].first;
    cand_.resize(std::max<size_t>(keep, 1));
    sum = 0.0;
    for (auto& c : cand_) sum += c.first;
    for (auto& c : cand_) c.first = static_cast<float>(c.first / sum);
  }
  // 53 random bits -> [0, 1): the same on every platform (unlike std::uniform_real_distribution).
  const double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
  double cum = 0.0;
  for (const auto& c : cand_) {
    cum += c.first;
    if (u < cum) return c.second;
  }
  return cand_.back().second;
}

} // namespace axl::model
