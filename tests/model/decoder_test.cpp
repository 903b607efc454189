// Incremental KV-cache decoding must reproduce the batched forward exactly (<= 1e-4 in f32).
#include "model/blas.h"
#include "model/decoder.h"
#include "model/kernels.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

using namespace axl::model;

namespace {
std::vector<int> random_tokens(int n, uint64_t seed) {
  std::mt19937 rng(static_cast<unsigned>(seed));
  std::uniform_int_distribution<int> tok(0, 257);
  std::vector<int> t(n);
  for (auto& x : t) x = tok(rng);
  return t;
}

Model random_model(const Config& cfg, uint64_t seed, float std) {
  auto p = std::make_shared<ParamBuffer>(cfg);
  init_random(*p, seed, std);
  return model_from_params(p);
}

// Max |decoder logits - forward logits| over every position, decoding byte by byte after an
// optional batched prefill of the first `prefill` tokens.
float max_decode_diff(const Model& m, const std::vector<int>& toks, int prefill, DecodeMode mode) {
  ModelTables tab(m.cfg);
  Activations A;
  const int T = static_cast<int>(toks.size()), V = m.cfg.vocab;
  forward(m.cfg, m.w, tab, toks.data(), 1, T, A,
          ForwardOptions{mode == DecodeMode::FineOnly, false});
  Decoder dec(m, mode);
  float worst = 0.0f;
  auto compare = [&](const float* lg, int t) {
    for (int v = 0; v < V; ++v)
      worst = std::max(worst, std::abs(lg[v] - A.logits[size_t(t) * V + v]));
  };
  if (prefill > 0) compare(dec.feed(std::span<const int>(toks).first(prefill)), prefill - 1);
  for (int t = prefill; t < T; ++t) compare(dec.step(toks[t]), t);
  return worst;
}
} // namespace

TEST_CASE("decoding byte by byte equals the full forward (tiny config)", "[model][decode]") {
  const Config cfg = Config::tiny();
  const auto m = random_model(cfg, 11, 0.3f);
  for (uint64_t seed : {1, 2, 3}) {
    const auto toks = random_tokens(cfg.ctx, seed);
    CHECK(max_decode_diff(m, toks, 0, DecodeMode::Full) <= 1e-4f);
    CHECK(max_decode_diff(m, toks, 0, DecodeMode::FineOnly) <= 1e-4f);
  }
}

TEST_CASE("prefill then decode equals the full forward for every split point", "[model][decode]") {
  const Config cfg = Config::tiny();
  const auto m = random_model(cfg, 12, 0.3f);
  const auto toks = random_tokens(cfg.ctx, 9);
  for (int split : {1, 2, 3, 4, 5, 7, 8, 13, 31}) {
    INFO("split " << split);
    CHECK(max_decode_diff(m, toks, split, DecodeMode::Full) <= 1e-4f);
  }
}

TEST_CASE("decoding is not trivially equal: logits vary with the input", "[model][decode]") {
  const Config cfg = Config::tiny();
  const auto m = random_model(cfg, 13, 0.3f);
  Decoder a(m), b(m);
  a.step(65);
  b.step(66);
  float diff = 0.0f;
  for (int v = 0; v < cfg.vocab; ++v)
    diff = std::max(diff, std::abs(a.logits()[v] - b.logits()[v]));
  CHECK(diff > 1e-2f);
}

TEST_CASE("decoding equals the full forward at the full configuration", "[model][decode][full]") {
  const Config cfg; // d_model 224, 4 heads, 3 layers per scale, d_ff 1152
  const auto m = random_model(cfg, 14, 0.08f);
  const auto toks = random_tokens(48, 5);
  CHECK(max_decode_diff(m, toks, 0, DecodeMode::Full) <= 1e-4f);
  CHECK(max_decode_diff(m, toks, 21, DecodeMode::Full) <= 1e-4f);
}

TEST_CASE("f16 weights: mmapped decoding equals the forward on the same weights",
          "[model][decode]") {
  const Config cfg = Config::tiny();
  const auto m32 = random_model(cfg, 15, 0.3f);
  const auto path = (std::filesystem::temp_directory_path() / "axl_decoder_f16.gguf").string();
  save_model(path, cfg, m32.w, DType::F16);
  const Model m16 = load_model(path);
  CHECK(m16.dtype == DType::F16);
  const auto toks = random_tokens(cfg.ctx, 6);
  CHECK(max_decode_diff(m16, toks, 0, DecodeMode::Full) <= 1e-4f);
  set_force_scalar(true); // the portable kernels give the same result
  CHECK(max_decode_diff(m16, toks, 5, DecodeMode::Full) <= 1e-4f);
  set_force_scalar(false);
  std::filesystem::remove(path);
}

TEST_CASE("past the context the window slides and equals a forward over the kept bytes",
          "[model][decode]") {
  const Config cfg = Config::tiny();
  const auto m = random_model(cfg, 16, 0.3f);
  const auto toks = random_tokens(cfg.ctx + 20, 7);
  Decoder dec(m);
  for (int t = 0; t < cfg.ctx; ++t) dec.step(toks[t]);
  REQUIRE(dec.size() == cfg.ctx);
  for (int t = cfg.ctx; t < int(toks.size()); ++t) {
    const float* lg = dec.step(toks[t]);
    REQUIRE(dec.size() <= cfg.ctx);
    const auto& win = dec.window();
    REQUIRE(win.back() == toks[t]);
    CHECK(int(win.size()) >= cfg.ctx - dec.slide());
    ModelTables tab(cfg);
    Activations A;
    forward(cfg, m.w, tab, win.data(), 1, int(win.size()), A);
    float worst = 0.0f;
    for (int v = 0; v < cfg.vocab; ++v)
      worst = std::max(worst, std::abs(lg[v] - A.logits[(win.size() - 1) * cfg.vocab + v]));
    CHECK(worst <= 1e-4f);
  }
  // The first slide dropped a multiple of the largest scale.
  CHECK((cfg.ctx + 20 - dec.size()) % cfg.scales.back() == 0);
}

TEST_CASE("a prompt longer than the context keeps its tail, dropping a multiple of 4",
          "[model][decode]") {
  const Config cfg = Config::tiny();
  const auto m = random_model(cfg, 17, 0.3f);
  const auto toks = random_tokens(cfg.ctx + 18, 8);
  Decoder dec(m);
  const float* lg = dec.feed(toks);
  const auto& win = dec.window();
  CHECK(int(win.size()) <= cfg.ctx);
  CHECK((toks.size() - win.size()) % cfg.scales.back() == 0);
  CHECK(std::equal(win.begin(), win.end(), toks.end() - win.size()));
  ModelTables tab(cfg);
  Activations A;
  forward(cfg, m.w, tab, win.data(), 1, int(win.size()), A);
  float worst = 0.0f;
  for (int v = 0; v < cfg.vocab; ++v)
    worst = std::max(worst, std::abs(lg[v] - A.logits[(win.size() - 1) * cfg.vocab + v]));
  CHECK(worst <= 1e-4f);
}

TEST_CASE("two-thread decoding (byte and coarse stacks concurrently) equals the forward",
          "[model][decode]") {
  const Config cfg = Config::tiny();
  const auto m = random_model(cfg, 18, 0.3f);
  const auto toks = random_tokens(cfg.ctx, 10);
  set_num_threads(2);
  const float diff = max_decode_diff(m, toks, 3, DecodeMode::Full);
  set_num_threads(1);
  CHECK(diff <= 1e-4f);
}
