// Beam search: forking a decoder's state is exact, width 1 is greedy, a wide beam finds the most
// probable completion, and stops, bans and cancellation behave as in generate().
#include "model/beam_search.h"
#include "model/kernels.h"
#include "model/tokenizer.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <fmt/format.h>

using namespace axl::model;

namespace {
Model tiny_random_model(uint64_t seed) {
  auto p = std::make_shared<ParamBuffer>(Config::tiny());
  init_random(*p, seed, 0.5f);
  return model_from_params(p);
}

std::vector<float> copy_logits(const float* p, int n) {
  return std::vector<float>(p, p + n);
}

double log_softmax_at(const float* logits, int n, int token) {
  double mx = -INFINITY, sum = 0;
  for (int i = 0; i < n; ++i) mx = std::max(mx, double(logits[i]));
  for (int i = 0; i < n; ++i) sum += std::exp(double(logits[i]) - mx);
  return double(logits[token]) - mx - std::log(sum);
}
} // namespace

TEST_CASE("copy_state_from forks a decoder exactly, also across the sliding window",
          "[model][beam]") {
  const Model m = tiny_random_model(31);
  const int V = m.cfg.vocab;
  std::vector<int> prompt;
  for (int i = 0; i < m.cfg.ctx - 3; ++i) prompt.push_back((i * 37 + 11) % 256);
  Decoder a(m), b(m), fresh(m);
  a.feed(prompt);
  b.step(65); // some unrelated state, to be overwritten
  b.copy_state_from(a);
  CHECK(copy_logits(b.logits(), V) == copy_logits(a.logits(), V));
  // Both continue with the same bytes (past the context, so both slide): identical logits.
  for (int t = 0; t < 10; ++t) {
    const int tok = (t * 53 + 7) % 256;
    const auto la = copy_logits(a.step(tok), V);
    CHECK(copy_logits(b.step(tok), V) == la);
  }
  // The fork is independent: stepping b does not change what a computes next.
  fresh.copy_state_from(a);
  b.step(1);
  CHECK(copy_logits(a.step(2), V) == copy_logits(fresh.step(2), V));
  Decoder fine(m, DecodeMode::FineOnly);
  CHECK_THROWS(fine.copy_state_from(a));
}

TEST_CASE("beam search of width 1 is greedy decoding", "[model][beam]") {
  const Model m = tiny_random_model(32);
  GenerateOptions opt;
  opt.sampling.temperature = 0.0f;
  opt.max_new_tokens = 40;
  opt.no_repeat_bytes = 4;
  BeamSearch beam(m, {1, 1.0f});
  for (const char* prompt : {"def f(x):", "class A:", "x"}) {
    const auto g = generate(m, prompt, opt);
    const auto b = beam.run(prompt, opt);
    CHECK(b.text == g.text);
    CHECK(b.finish_reason == g.finish_reason);
    CHECK(b.completion_tokens == g.completion_tokens);
  }
}

TEST_CASE("a wide beam finds the most probable two-token completion", "[model][beam]") {
  const Model m = tiny_random_model(33);
  const int V = m.cfg.vocab;
  const std::vector<int> prompt = {256, 'd', 'e', 'f', ' '};
  // Brute force over every first token: log p(t1) + max over t2 of log p(t2 | t1).
  Decoder dec(m);
  const auto first = copy_logits(dec.feed(prompt), V);
  double best = -INFINITY, greedy_first = -INFINITY;
  int best_t1 = -1, greedy_t1 = 0;
  std::vector<double> first_lp(V);
  for (int t1 = 0; t1 < V; ++t1) {
    first_lp[t1] = log_softmax_at(first.data(), V, t1);
    if (first_lp[t1] > greedy_first) greedy_first = first_lp[t1], greedy_t1 = t1;
    dec.reset();
    dec.feed(prompt);
    const float* second = dec.step(t1);
    double top = -INFINITY;
    for (int t2 = 0; t2 < V; ++t2) top = std::max(top, log_softmax_at(second, V, t2));
    if (first_lp[t1] + top > best) best = first_lp[t1] + top, best_t1 = t1;
  }
  int rank = 0; // a beam of width W keeps best_t1 when fewer than W first tokens beat it
  for (int t = 0; t < V; ++t) rank += first_lp[t] > first_lp[best_t1];
  const int W = 16;
  REQUIRE(rank < W);
  INFO("best first token " << best_t1 << " (rank " << rank << "), greedy's " << greedy_t1);

  GenerateOptions opt;
  opt.max_new_tokens = 2;
  opt.stop_at_eos = false;
  BeamSearch beam(m, {W, 0.0f});
  opt.add_bos = true; // the prompt above: BOS + "def "
  const auto b = beam.run("def ", opt);
  CHECK(b.finish_reason == "length");
  CHECK(b.completion_tokens == 2);
  CHECK(b.logprob == Approx(best).margin(1e-4));
  BeamSearch narrow(m, {1, 0.0f});
  CHECK(narrow.run("def ", opt).logprob <= b.logprob + 1e-9);
}

TEST_CASE("beam search: stops, no-repeat, determinism and cancellation", "[model][beam]") {
  const Model m = tiny_random_model(34);
  GenerateOptions opt;
  opt.max_new_tokens = 60;
  opt.stop_at_eos = false;
  BeamSearch beam(m, {4, 1.0f});
  const auto free_run = beam.run("abc", opt);
  REQUIRE(free_run.text.size() >= 10);
  CHECK(beam.run("abc", opt).text == free_run.text);

  opt.no_repeat_bytes = 3;
  const auto banned = beam.run("abc", opt);
  for (size_t i = 0; i + 3 <= banned.text.size(); ++i)
    CHECK(banned.text.find(banned.text.substr(i, 3), i + 1) == std::string::npos);

  opt.no_repeat_bytes = 0;
  opt.stop = {free_run.text.substr(4, 2)};
  const auto stopped = beam.run("abc", opt);
  CHECK(stopped.text.size() < free_run.text.size());
  CHECK(stopped.text.find(opt.stop[0]) == std::string::npos);

  std::atomic<bool> cancel{true};
  opt.cancel = &cancel;
  CHECK(beam.run("abc", opt).finish_reason == "cancelled");
  CHECK_THROWS(BeamSearch(m, {0, 1.0f}));
}

namespace {
struct Pinned {
  const char* text;
  const char* reason;
  int tokens;
  double logprob;
};
} // namespace

TEST_CASE("beam search with batched steps returns what it did before (shipped model)",
          "[model][beam][batch]") {
  // Captured from main at 2c4844d (hypotheses stepped one after another) with the AVX-512
  // kernels; batched steps compute each row's sums in the same order, so they are exact.
  const auto path = std::string(AXL_SOURCE_DIR) + "/models/axl-docs-lion.gguf";
  const Model m = load_model(path);
  const char* prompts[] = {
      "# return a + b\ndef add(a, b):\n    \"\"\"",
      "# with open(path) as f:\n#     return json.load(f)\ndef load_config(path):\n    \"\"\"",
      "# self._items.append(item)\n# self._count += 1\ndef push(self, item):\n    \"\"\"",
      "def parse_args(argv=None):\n    \"\"\"Parse the command line arguments.\n\n    Args:\n"
      "        argv: ",
      "# for line in lines:\n#     if line.strip():\n#         yield line\ndef non_empty(lines):\n"
      "    \"\"\"Yield the lines that are not empty.\n\n    Returns:\n        ",
  };
  const Pinned width4[] = {
      {"Returns the added additional array of the addition.", "stop", 54, -15.653126484119154},
      {"Load a configuration from the configured configuring", "stop", 53, -12.569872653894878},
      {"Push the count of items.", "stop", 27, -10.486367988404382},
      {"The arguments to pass to the argume", "stop", 36, -8.068134788279405},
      {"The non-empty lines.", "stop", 21, -4.9865809348017844},
  };
  const Pinned width2[] = {
      {"Returns the additive additivity of the adding additive.", "stop", 58, -17.298371542162272},
      {"Load a configuration from the configured configuring", "stop", 53, -12.569872653894878},
      {"Push the count of items.", "stop", 27, -10.486367988404382},
      {"The arguments to pass to the argume", "stop", 36, -8.068134788279405},
      {"The non-empty lines.", "stop", 21, -4.9865809348017844},
  };
  GenerateOptions opt; // as prose/model_summary_provider.cpp asks for a field
  opt.add_bos = true;
  opt.stop = {"\"\"\"", "\n"};
  opt.no_repeat_bytes = 10;
  opt.max_new_tokens = 99;
  for (int width : {4, 2}) {
    BeamSearch beam(m, BeamParams{.width = width});
    BeamSearch one_by_one(m, BeamParams{.width = width, .batched = false}); // as before
    for (int i = 0; i < 5; ++i) {
      const Pinned& want = width == 4 ? width4[i] : width2[i];
      const auto r = beam.run(prompts[i], opt);
      INFO("width " << width << " prompt " << i);
      const auto old = one_by_one.run(prompts[i], opt);
      // When the shipped weights change, these lines are the new pins (check the old path first).
      INFO(fmt::format("pin w{} i{}: {{\"{}\", \"{}\", {}, {:.17g}}},", width, i, r.text,
                       r.finish_reason, r.completion_tokens, r.logprob));
      CHECK(r.text == old.text);
      CHECK(r.logprob == old.logprob); // exactly: the same sums in the same order
      CHECK(r.text == want.text);
      CHECK(r.finish_reason == want.reason);
      CHECK(r.completion_tokens == want.tokens);
      if (avx512_enabled()) // other kernels round differently in the last bits
        CHECK(r.logprob == want.logprob);
      else
        CHECK(r.logprob == Approx(want.logprob).margin(1e-4));
    }
  }
}

TEST_CASE("beam search from a shared prefill finds the same answers", "[model][beam][prefix]") {
  const Model m = tiny_random_model(35);
  GenerateOptions opt;
  opt.max_new_tokens = 30;
  opt.add_bos = true;
  opt.no_repeat_bytes = 4;
  const std::string shared = "# return x\ndef f(x):\n";
  Decoder prefix(m);
  prefix.feed(encode(shared, true));
  BeamSearch beam(m, {4, 1.0f});
  for (const char* field : {"    \"\"\"", "    Args:\n        x: ", "    Returns:\n"}) {
    const std::string prompt = shared + field;
    const auto fresh = beam.run(prompt, opt);
    const auto forked = beam.run(prompt, opt, &prefix);
    CHECK(forked.text == fresh.text);
    CHECK(forked.logprob == Approx(fresh.logprob).margin(1e-4));
    CHECK(forked.prompt_tokens == fresh.prompt_tokens);
  }
  CHECK(prefix.window() == encode(shared, true));
}

TEST_CASE("run_many gives each prompt exactly what run gives it", "[model][beam][batch]") {
  const Model m = tiny_random_model(36);
  GenerateOptions a, b, c;
  a.max_new_tokens = 25, a.no_repeat_bytes = 4;
  b.max_new_tokens = 7, b.stop_at_eos = false; // ends early: the others go on without it
  c.max_new_tokens = 40, c.stop = {"e"};
  const std::string shared = "def g(y):\n";
  Decoder prefix(m);
  prefix.feed(encode(shared, false));
  const std::string p3 = shared + "    return y";
  const std::vector<BeamJob> jobs = {
      {"def f(x):", &a, nullptr}, {"class A:", &b, nullptr}, {p3, &c, &prefix}, {"x", &a, nullptr}};
  BeamSearch many(m, {3, 1.0f});
  const auto got = many.run_many(jobs);
  REQUIRE(got.size() == jobs.size());
  BeamSearch one(m, {3, 1.0f});
  for (size_t i = 0; i < jobs.size(); ++i) {
    const auto want = one.run(jobs[i].prompt, *jobs[i].opt, jobs[i].prefix);
    INFO("prompt " << i);
    CHECK(got[i].text == want.text);
    CHECK(got[i].logprob == want.logprob);
    CHECK(got[i].finish_reason == want.finish_reason);
    CHECK(got[i].completion_tokens == want.completion_tokens);
  }
  CHECK(got[1].completion_tokens <= 7);

  // Borrowed decoders: more come from the source; without one, too few is an error.
  std::vector<std::shared_ptr<Decoder>> three;
  for (int i = 0; i < 3; ++i) three.push_back(std::make_shared<Decoder>(m));
  BeamSearch fixed(three, 1.0f);
  CHECK_THROWS_AS(fixed.run_many(jobs), std::invalid_argument);
  CHECK(fixed.run("def f(x):", a).text == got[0].text);
  int made = 0;
  BeamSearch growing(three, 1.0f, [&] {
    ++made;
    return std::make_shared<Decoder>(m);
  });
  CHECK(growing.run_many(jobs)[2].text == got[2].text);
  CHECK(made == 9);
  CHECK(growing.run_many({}).empty());
}
