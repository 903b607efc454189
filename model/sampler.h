// A llama.cpp-style sampler chain: small stages that each edit the candidate list in turn, then a
// pick. generate() runs the whole chain; beam search runs the logit stages (no-repeat) and then its
// own selection; the CLI, the LSP and the API all reach it through GenerateOptions.
//   temperature > 0:  no-repeat -> top-k -> softmax(temperature) -> top-p -> draw
//   temperature <= 0: no-repeat -> argmax (greedy)
// Adding a stage: write it below and add it where Sampler's constructor builds the chain.
// Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace axl::model {

struct SamplerParams {
  float temperature = 0.8f;
  int top_k = 40;     // <= 0: all tokens
  float top_p = 1.0f; // >= 1: off
  uint64_t seed = 0;
};

struct TokenScore { // one candidate of the chain
  float score;      // a logit until the softmax stage, then a probability
  int token;
};

struct SamplerContext {
  std::string_view text; // the completion so far
};

class SamplerStage {
public:
  virtual ~SamplerStage() = default;
  virtual std::string_view name() const = 0;
  virtual void apply(std::vector<TokenScore>& candidates, const SamplerContext& context) const = 0;
};

// Bans (score -inf) every byte that would make the last n bytes of the text equal to an n-byte
// string already in it. A small model's greedy output falls into loops ("the closed to the closed
// to ..."); this makes it move on. n < 2: nothing.
std::unique_ptr<SamplerStage> no_repeat_stage(int n);
// Sorts by score (ties: smaller token first) and keeps the k best; k <= 0 keeps all, sorted.
std::unique_ptr<SamplerStage> top_k_stage(int k);
// Scores become probabilities: softmax(score / temperature). Expects sorted candidates.
std::unique_ptr<SamplerStage> softmax_stage(float temperature);
// Keeps the smallest prefix whose probability reaches p, renormalised. p >= 1: all.
std::unique_ptr<SamplerStage> top_p_stage(float p);

class Sampler {
public:
  explicit Sampler(const SamplerParams& p, int no_repeat_bytes = 0);
  // The next token for logits [n], given the completion so far.
  int sample(const float* logits, int n, std::string_view text = {});
  std::vector<std::string_view> stage_names() const;

private:
  std::vector<std::unique_ptr<SamplerStage>> stages_;
  bool greedy_;
  std::mt19937_64 rng_;
  std::vector<TokenScore> cand_;
};

} // namespace axl::model
