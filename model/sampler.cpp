#include "sampler.h"

#include <algorithm>
#include <bitset>
#include <cmath>
#include <limits>

namespace axl::model {

namespace {

// Larger score first; ties broken by the smaller token so the order never depends on the sort.
bool better(const TokenScore& a, const TokenScore& b) {
  return a.score > b.score || (a.score == b.score && a.token < b.token);
}

// A stage from a name and a function of (candidates, context).
template <class F> class Stage final : public SamplerStage {
public:
  Stage(std::string_view name, F f) : name_(name), f_(std::move(f)) {}
  std::string_view name() const override { return name_; }
  void apply(std::vector<TokenScore>& cand, const SamplerContext& ctx) const override {
    f_(cand, ctx);
  }

private:
  std::string_view name_;
  F f_;
};

template <class F> std::unique_ptr<SamplerStage> stage(std::string_view name, F f) {
  return std::make_unique<Stage<F>>(name, std::move(f));
}

} // namespace

std::unique_ptr<SamplerStage> no_repeat_stage(int n) {
  return stage("no-repeat", [n](std::vector<TokenScore>& cand, const SamplerContext& ctx) {
    const std::string_view text = ctx.text;
    if (n < 2 || text.size() < size_t(n)) return;
    const size_t k = size_t(n) - 1; // the suffix that must match
    const std::string_view tail = text.substr(text.size() - k);
    std::bitset<256> banned;
    for (size_t i = 0; i + k < text.size(); ++i)
      if (text.substr(i, k) == tail) banned.set(static_cast<unsigned char>(text[i + k]));
    for (auto& c : cand)
      if (c.token < 256 && banned.test(size_t(c.token)))
        c.score = -std::numeric_limits<float>::infinity();
  });
}

std::unique_ptr<SamplerStage> top_k_stage(int top_k) {
  return stage("top-k", [top_k](std::vector<TokenScore>& cand, const SamplerContext&) {
    const size_t n = cand.size();
    const size_t k = (top_k > 0 && size_t(top_k) < n) ? size_t(top_k) : n;
    std::partial_sort(cand.begin(), cand.begin() + k, cand.end(), better);
    cand.resize(k);
  });
}

std::unique_ptr<SamplerStage> softmax_stage(float temperature) {
  return stage("softmax", [temperature](std::vector<TokenScore>& cand, const SamplerContext&) {
    if (cand.empty()) return;
    const float mx = cand[0].score; // sorted by top-k
    double sum = 0.0;
    for (auto& c : cand) sum += (c.score = std::exp((c.score - mx) / temperature));
    for (auto& c : cand) c.score = static_cast<float>(c.score / sum);
  });
}

std::unique_ptr<SamplerStage> top_p_stage(float p) {
  return stage("top-p", [p](std::vector<TokenScore>& cand, const SamplerContext&) {
    if (p >= 1.0f) return;
    double cum = 0.0;
    size_t keep = 0;
    while (keep < cand.size() && cum < p) cum += cand[keep++].score;
    cand.resize(std::max<size_t>(keep, 1));
    double sum = 0.0;
    for (const auto& c : cand) sum += c.score;
    for (auto& c : cand) c.score = static_cast<float>(c.score / sum);
  });
}

Sampler::Sampler(const SamplerParams& p, int no_repeat_bytes)
    : greedy_(p.temperature <= 0.0f), rng_(p.seed) {
  if (no_repeat_bytes > 0) stages_.push_back(no_repeat_stage(no_repeat_bytes));
  if (greedy_) return;
  stages_.push_back(top_k_stage(p.top_k));
  stages_.push_back(softmax_stage(p.temperature));
  if (p.top_p < 1.0f) stages_.push_back(top_p_stage(p.top_p));
}

std::vector<std::string_view> Sampler::stage_names() const {
  std::vector<std::string_view> names;
  for (const auto& s : stages_) names.push_back(s->name());
  names.push_back(greedy_ ? "argmax" : "draw");
  return names;
}

int Sampler::sample(const float* logits, int n, std::string_view text) {
  cand_.clear();
  for (int i = 0; i < n; ++i) cand_.push_back({logits[i], i});
  const SamplerContext ctx{text};
  for (const auto& s : stages_) s->apply(cand_, ctx);
  if (greedy_) { // the first of the largest scores, in token order
    size_t best = 0;
    for (size_t i = 1; i < cand_.size(); ++i)
      if (cand_[i].score > cand_[best].score) best = i;
    return cand_[best].token;
  }
  // 53 random bits -> [0, 1): the same on every platform (unlike std::uniform_real_distribution).
  const double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
  double cum = 0.0;
  for (const auto& c : cand_) {
    cum += c.score;
    if (u < cum) return c.token;
  }
  return cand_.back().token;
}

} // namespace axl::model
