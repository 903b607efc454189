// Lion, schedule, clipping, checkpoints, and a tiny model overfitting a short text.
#include "model/tokenizer.h"
#include "model/trainer.h"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace axl::model;

TEST_CASE("warmup then cosine learning-rate schedule", "[model][train]") {
  TrainHyper h;
  h.lr = 1e-3f, h.min_lr = 1e-4f, h.warmup_steps = 10, h.total_steps = 110;
  CHECK(lr_at(h, 0) == Approx(1e-4f));
  CHECK(lr_at(h, 9) == Approx(1e-3f));
  CHECK(lr_at(h, 10) == Approx(1e-3f));
  CHECK(lr_at(h, 60) == Approx(0.55e-3f));
  CHECK(lr_at(h, 110) == Approx(1e-4f));
  CHECK(lr_at(h, 500) == Approx(1e-4f));
}

TEST_CASE("Lion update and gradient clipping", "[model][train]") {
  Config cfg = Config::tiny();
  ParamBuffer p(cfg), g(cfg), m(cfg);
  init_random(p, 1, 0.1f);
  for (size_t i = 0; i < g.size(); ++i) g.data[i] = (i % 2 ? 1.0f : -1.0f) * 0.5f;
  const ParamBuffer before = p;
  const float norm = clip_grad_norm(g, 1.0f);
  CHECK(norm == Approx(0.5 * std::sqrt(double(g.size()))));
  double ss = 0;
  for (float x : g.data) ss += x * x;
  CHECK(std::sqrt(ss) == Approx(1.0).epsilon(1e-4));
  lion_update(p, g, m, 0.01f, 0.9f, 0.99f, 0.1f);
  // Matrices (token_embd comes first) decay; norm weights (value 1) move by exactly lr.
  const float g0 = g.data[0], p0 = before.data[0];
  CHECK(p.data[0] == Approx(p0 - 0.01f * ((g0 > 0 ? 1 : -1) + 0.1f * p0)));
  CHECK(m.data[0] == Approx(0.01f * g0));
  const auto specs = tensor_specs(cfg);
  const auto& spec0 = specs[0];
  CHECK(spec0.matrix);
  // blk.0.attn_norm.weight follows token_embd in the flat order.
  const size_t an = size_t(spec0.rows * spec0.cols);
  REQUIRE(specs[1].name == "blk.0.attn_norm.weight");
  CHECK(std::abs(p.data[an] - before.data[an]) == Approx(0.01f));
}

TEST_CASE("a tiny model overfits a short text to near-zero loss", "[model][train]") {
  Config cfg = Config::tiny();
  cfg.d_model = 32, cfg.n_head = 2, cfg.d_ff = 64;
  TrainHyper h;
  h.lr = 1e-2f, h.min_lr = 1e-3f, h.warmup_steps = 10, h.total_steps = 200, h.weight_decay = 0.0f;
  h.aux_fine_weight = 0.3f, h.threads = 1;
  Trainer tr(cfg, h, 5);
  const std::string text = "def add(a, b):\n    \"\"\"Add two numbers.\"\"\"\n";
  auto ids = encode(text, true);
  ids.resize(std::min<size_t>(ids.size(), cfg.ctx + 1));
  const auto batch = TrainBatch::from_sequences({ids}, cfg.ctx);
  const double first = tr.evaluate(batch).loss;
  double last = first;
  for (int i = 0; i < 200; ++i) last = tr.step(batch).stats.loss;
  INFO("first " << first << " last " << last);
  CHECK(first > 4.0);
  CHECK(last < 0.05);
  CHECK(tr.evaluate(batch).aux_loss < 0.5); // the fine-only path learned it too
}

TEST_CASE("checkpoint round trip resumes training bit-exactly", "[model][train]") {
  Config cfg = Config::tiny();
  TrainHyper h;
  h.threads = 1;
  h.lr = 3e-3f;
  Trainer a(cfg, h, 9);
  const auto batch = TrainBatch::from_sequences({encode("hello world, hello world", true)}, 16);
  for (int i = 0; i < 3; ++i) a.step(batch);
  a.rng()(); // advance the data RNG: it must be restored too
  const auto path = (std::filesystem::temp_directory_path() / "axl_ckpt.gguf").string();
  a.save_checkpoint(path);
  Trainer b = Trainer::resume(path, h);
  CHECK(b.step_count() == 3);
  CHECK(b.params().data == a.params().data);
  CHECK(b.rng()() == a.rng()());
  const auto ra = a.step(batch), rb = b.step(batch);
  CHECK(ra.stats.loss == rb.stats.loss);
  CHECK(b.params().data == a.params().data);
  // A checkpoint is also a loadable model file (optimizer tensors are ignored).
  const Model m = load_model(path);
  CHECK(m.cfg.d_model == cfg.d_model);
  // No temp files are left behind by the atomic write.
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
    CHECK(e.path().filename().string().find("axl_ckpt.gguf.tmp") == std::string::npos);
  std::filesystem::remove(path);
}

TEST_CASE("training batches validate their shapes", "[model][train]") {
  Config cfg = Config::tiny();
  Trainer tr(cfg, TrainHyper{}, 1);
  TrainBatch b;
  b.B = 1, b.T = 4;
  b.inputs = {1, 2, 3};
  b.targets = {1, 2, 3, 4};
  CHECK_THROWS_WITH(tr.evaluate(b), Catch::Contains("inconsistent shapes"));
  b.T = 3, b.targets = {1, 2, 999};
  CHECK_THROWS_WITH(tr.evaluate(b), Catch::Contains("out of range"));
}

TEST_CASE("gradients of batch slices add up to the whole batch's (data parallelism)",
          "[model][train]") {
  Config cfg = Config::tiny();
  ParamBuffer p(cfg), g_all(cfg), g_a(cfg), g_b(cfg);
  init_random(p, 4, 0.2f);
  ModelTables tab(cfg);
  std::vector<std::vector<int>> seqs;
  for (int i = 0; i < 3; ++i)
    seqs.push_back(encode("slice " + std::to_string(i) + " of a batch", true));
  const auto batch = TrainBatch::from_sequences(seqs, 20);
  Activations acts;
  const auto all = loss_and_grad(cfg, p.w, tab, batch, 0.3f, acts, &g_all.w);
  const auto a = loss_and_grad_range(cfg, p.w, tab, batch, 0, 1, all.weight, 0.3f, acts, &g_a.w);
  const auto b = loss_and_grad_range(cfg, p.w, tab, batch, 1, 3, all.weight, 0.3f, acts, &g_b.w);
  CHECK(a.loss + b.loss == Approx(all.loss).epsilon(1e-5));
  CHECK(a.aux_loss + b.aux_loss == Approx(all.aux_loss).epsilon(1e-5));
  double worst = 0.0, scale = 0.0;
  for (size_t i = 0; i < g_all.size(); ++i) {
    worst = std::max(worst, double(std::abs(g_a.data[i] + g_b.data[i] - g_all.data[i])));
    scale = std::max(scale, double(std::abs(g_all.data[i])));
  }
  CHECK(scale > 0.0);
  CHECK(worst <= 1e-5 * scale);

  TrainHyper h1, h2;
  h1.threads = 1, h2.threads = 2;
  Trainer t1(cfg, h1, 3), t2(cfg, h2, 3);
  CHECK(t1.evaluate(batch).loss == Approx(t2.evaluate(batch).loss).epsilon(1e-6));
  CHECK(t1.step(batch).stats.loss == Approx(t2.step(batch).stats.loss).epsilon(1e-6));
}

TEST_CASE("per-byte loss weights: masked bytes do not contribute", "[model][train]") {
  Config cfg = Config::tiny();
  const auto seq = encode("prompt:docstring", true); // BOS + 16 bytes
  std::vector<float> w(seq.size(), 0.0f);
  for (size_t j = 8; j < seq.size(); ++j) w[j] = 1.0f; // learn only "docstring"
  const auto b = TrainBatch::from_weighted({seq}, {w}, 20);
  CHECK(b.weights[6] == 0.0f);  // predicts seq[7] = ':'
  CHECK(b.weights[7] == 1.0f);  // predicts seq[8] = 'd'
  CHECK(b.weights[16] == 0.0f); // padding
  double sum = 0;
  for (float x : b.weights) sum += x;
  CHECK(sum == 9.0);
  // Changing a masked target leaves the loss unchanged; changing a weighted one does not.
  Trainer tr(cfg, TrainHyper{}, 2, 0.3f);
  const double base = tr.evaluate(b).loss;
  auto b2 = b;
  b2.targets[3] = 'Z';
  CHECK(tr.evaluate(b2).loss == base);
  b2.targets[10] = 'Z';
  CHECK(tr.evaluate(b2).loss != base);
  CHECK_THROWS(TrainBatch::from_weighted({seq}, {}, 20));
}
