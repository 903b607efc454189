// Batched decoding (Decoder::step_batch, matvec_batch) must give each row what single-stream
// decoding gives it, and feed_from (fork after a shared prefill) what a fresh feed gives.
#include "model/blas.h"
#include "model/decoder.h"
#include "model/kernels.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

using namespace axl::model;

namespace {
Model random_model(const Config& cfg, uint64_t seed, float std) {
  auto p = std::make_shared<ParamBuffer>(cfg);
  init_random(*p, seed, std);
  return model_from_params(p);
}

std::vector<int> random_bytes(int n, uint64_t seed) {
  std::mt19937 rng(static_cast<unsigned>(seed));
  std::vector<int> t(n);
  for (auto& x : t) x = int(rng() % 256);
  return t;
}

int argmax(const float* v, int n) {
  return int(std::max_element(v, v + n) - v);
}

float max_diff(const float* a, const float* b, int n) {
  float worst = 0.0f;
  for (int i = 0; i < n; ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

// B rows prefilled to different lengths (some near the end of the window, so they slide while
// decoding) decode `steps` greedy bytes, batched and one by one; returns the largest logit
// difference and checks the bytes agree.
float batched_vs_single(const Model& m, DecodeMode mode, int B, int steps) {
  const int V = m.cfg.vocab, ctx = m.cfg.ctx;
  std::vector<std::unique_ptr<Decoder>> single, batched;
  std::vector<Decoder*> rows;
  for (int b = 0; b < B; ++b) {
    // lengths 1, ctx-2, 5, ctx-7, ...: every position class of the coarse scales, near the end
    const int len = b % 2 ? ctx - 2 - 5 * (b / 2) : 1 + 4 * (b / 2) + b / 2;
    const auto prompt = random_bytes(std::max(1, len), 100 + b);
    single.push_back(std::make_unique<Decoder>(m, mode));
    batched.push_back(std::make_unique<Decoder>(m, mode));
    single.back()->feed(prompt);
    batched.back()->feed(prompt);
    rows.push_back(batched.back().get());
  }
  float worst = 0.0f;
  std::vector<int> tokens(B);
  for (int t = 0; t < steps; ++t) {
    for (int b = 0; b < B; ++b) {
      worst = std::max(worst, max_diff(single[b]->logits(), batched[b]->logits(), V));
      tokens[b] = argmax(batched[b]->logits(), V);
      REQUIRE(argmax(single[b]->logits(), V) == tokens[b]); // the same greedy bytes
      single[b]->step(tokens[b]);
    }
    Decoder::step_batch(rows, tokens);
  }
  for (int b = 0; b < B; ++b) {
    worst = std::max(worst, max_diff(single[b]->logits(), batched[b]->logits(), V));
    CHECK(single[b]->window() == batched[b]->window());
    CHECK(single[b]->dropped() == batched[b]->dropped());
  }
  return worst;
}
} // namespace

TEST_CASE("matvec_batch equals matvec for every vector, bit for bit", "[model][kernels][batch]") {
  std::mt19937 rng(7);
  std::normal_distribution<float> N(0.0f, 1.0f);
  for (int cols : {8, 20, 224, 1152}) {
    const int rows = 13; // 3 blocks of 4 rows and a leftover row
    std::vector<float> w(rows * cols);
    std::vector<uint16_t> h(rows * cols);
    for (auto& v : w) v = N(rng);
    f32_to_f16_array(w.data(), h.data(), w.size());
    for (int n : {1, 2, 3, 4, 5, 8, 9}) {
      std::vector<std::vector<float>> x(n, std::vector<float>(cols)), y(n), ref(n);
      std::vector<const float*> px;
      std::vector<float*> py;
      for (int b = 0; b < n; ++b) {
        for (auto& v : x[b]) v = N(rng);
        y[b].assign(rows, 0.0f), ref[b].assign(rows, 1.0f);
        px.push_back(x[b].data()), py.push_back(y[b].data());
      }
      for (DType dt : {DType::F32, DType::F16})
        for (int kernel : {0, 1, 2}) { // scalar, AVX2, AVX-512 (where the CPU has them)
          set_force_scalar(kernel == 0);
          set_allow_avx512(kernel == 2);
          Tensor t{dt == DType::F32 ? static_cast<void*>(w.data()) : static_cast<void*>(h.data()),
                   dt, rows, cols};
          matvec_batch(t, px.data(), py.data(), n);
          for (int b = 0; b < n; ++b) {
            matvec(t, x[b].data(), ref[b].data());
            INFO("cols " << cols << " n " << n << " kernel " << kernel << " row " << b);
            CHECK(y[b] == ref[b]);
          }
        }
      set_force_scalar(false);
      set_allow_avx512(true);
    }
  }
}

TEST_CASE("batched decoding equals single-stream decoding, rows at different positions",
          "[model][decode][batch]") {
  const Config cfg = Config::tiny();
  const auto m = random_model(cfg, 41, 0.3f);
  for (int B : {1, 2, 3, 5, 8}) {
    INFO("B " << B);
    CHECK(batched_vs_single(m, DecodeMode::Full, B, 40) <= 1e-4f); // 40 > ctx: every row slides
    CHECK(batched_vs_single(m, DecodeMode::FineOnly, B, 36) <= 1e-4f);
  }
  set_num_threads(2); // coarse stacks on the first row's helper thread
  CHECK(batched_vs_single(m, DecodeMode::Full, 4, 40) <= 1e-4f);
  set_num_threads(1);
  // In fact it is exact: every row's sums are computed in the same order as alone.
  CHECK(batched_vs_single(m, DecodeMode::Full, 3, 20) == 0.0f);
}

TEST_CASE("batched decoding with f16 weights at the full configuration equals single-stream",
          "[model][decode][batch][full]") {
  const Config cfg;
  const auto m32 = random_model(cfg, 42, 0.02f);
  const auto path = (std::filesystem::temp_directory_path() / "axl_batch_f16.gguf").string();
  save_model(path, cfg, m32.w, DType::F16);
  const Model m16 = load_model(path);
  CHECK(batched_vs_single(m16, DecodeMode::Full, 4, 8) <= 1e-4f);
  set_force_scalar(true);
  CHECK(batched_vs_single(m16, DecodeMode::Full, 2, 3) <= 1e-4f);
  set_force_scalar(false);
  std::filesystem::remove(path);
}

TEST_CASE("step_batch rejects bad input and changes nothing", "[model][decode][batch]") {
  const Config cfg = Config::tiny();
  const auto m = random_model(cfg, 43, 0.3f), other = random_model(cfg, 44, 0.3f);
  Decoder a(m), b(m), c(other), fine(m, DecodeMode::FineOnly);
  a.feed(std::vector<int>{1, 2, 3});
  const std::vector<float> before(a.logits(), a.logits() + cfg.vocab);
  std::vector<Decoder*> rows{&a, &b};
  CHECK_THROWS_AS(Decoder::step_batch(rows, std::vector<int>{1}), std::invalid_argument);
  CHECK_THROWS_AS(Decoder::step_batch(rows, std::vector<int>{1, 258}), std::invalid_argument);
  CHECK_THROWS_AS(Decoder::step_batch(rows, std::vector<int>{-1, 2}), std::invalid_argument);
  rows = {&a, &a};
  CHECK_THROWS_AS(Decoder::step_batch(rows, std::vector<int>{1, 2}), std::invalid_argument);
  rows = {&a, &c};
  CHECK_THROWS_AS(Decoder::step_batch(rows, std::vector<int>{1, 2}), std::invalid_argument);
  rows = {&a, &fine};
  CHECK_THROWS_AS(Decoder::step_batch(rows, std::vector<int>{1, 2}), std::invalid_argument);
  CHECK(a.size() == 3);
  CHECK(b.size() == 0);
  CHECK(std::vector<float>(a.logits(), a.logits() + cfg.vocab) == before);
  Decoder::step_batch({}, {}); // nothing to do
}

TEST_CASE("feed_from forks a shared prefill and equals a fresh feed", "[model][decode][prefix]") {
  const Config cfg = Config::tiny();
  const auto m = random_model(cfg, 45, 0.3f);
  const int V = cfg.vocab;
  const auto shared = random_bytes(13, 5); // the prompts' common start
  Decoder prefix(m), fresh(m), forked(m);
  prefix.feed(shared);
  for (uint64_t field : {1, 2, 3}) {
    auto prompt = shared;
    for (int x : random_bytes(3 + int(field) * 2, 50 + field)) prompt.push_back(x);
    fresh.reset();
    fresh.feed(prompt);
    CHECK(forked.feed_from(prefix, prompt) == int(shared.size()));
    CHECK(forked.window() == prompt);
    CHECK(max_diff(forked.logits(), fresh.logits(), V) <= 1e-4f);
    for (int t = 0; t < 30; ++t) { // greedy continuation, past the window's end
      const int tok = argmax(fresh.logits(), V);
      REQUIRE(argmax(forked.logits(), V) == tok);
      fresh.step(tok);
      forked.step(tok);
      CHECK(max_diff(forked.logits(), fresh.logits(), V) <= 1e-4f);
    }
  }
  CHECK(prefix.window() == shared); // the prefix is left as it was

  // Not a prefix, the whole prompt, too long, or a prefix that slid: a fresh feed.
  auto other = shared;
  other[2] ^= 1;
  other.push_back(7);
  CHECK(forked.feed_from(prefix, other) == 0);
  CHECK(forked.window() == other);
  CHECK(forked.feed_from(prefix, shared) == 0);
  const auto longer = random_bytes(cfg.ctx + 9, 6);
  Decoder long_prefix(m);
  long_prefix.feed(std::span<const int>(longer).first(20));
  CHECK(forked.feed_from(long_prefix, longer) == 0);
  CHECK(forked.dropped() > 0);
  for (int t = 0; t < cfg.ctx; ++t) long_prefix.step(1);
  REQUIRE(long_prefix.dropped() > 0); // its window no longer starts at its first byte
  auto after_slide = long_prefix.window();
  after_slide.push_back(2);
  CHECK(forked.feed_from(long_prefix, after_slide) == 0);
  CHECK_THROWS_AS(forked.feed_from(prefix, std::vector<int>{1, 300}), std::invalid_argument);
}
