// llama.cpp-style sampler chain: top-k -> temperature -> softmax -> top-p -> draw.
// temperature <= 0 means greedy (argmax). Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace axl::model {

struct SamplerParams {
  float temperature = 0.8f;
  int top_k = 40;     // <= 0: all tokens
  float top_p = 1.0f; // >= 1: off
  uint64_t seed = 0;
};

class Sampler {
public:
  explicit Sampler(const SamplerParams& p);
  int sample(const float* logits, int n);

private:
  SamplerParams p_;
  std::mt19937_64 rng_;
  std::vector<std::pair<float, int>> cand_;
};

} // namespace axl::model
