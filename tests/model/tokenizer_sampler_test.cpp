// Byte tokenizer, sampler chain and the generation loop (stop sequences, streaming, cancellation).
#include "model/generate.h"
#include "model/tokenizer.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <set>

using namespace axl::model;

TEST_CASE("byte tokenizer maps bytes to ids 0..255 with BOS 256 and EOS 257",
          "[model][tokenizer]") {
  const auto ids = encode("d\xc3\xa9", true);
  CHECK(ids == std::vector<int>{256, 'd', 0xc3, 0xa9});
  CHECK(decode_bytes(ids) == "d\xc3\xa9");
  const std::vector<int> with_eos{'a', 257, 'b'};
  CHECK(decode_bytes(with_eos) == "ab");
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  CHECK(decode_bytes(encode(all)) == all);
}

TEST_CASE("decode tolerates invalid UTF-8", "[model][tokenizer]") {
  const std::vector<int> bad{'o', 'k', 0xc3, 0xff, 0xe2, 0x82};
  CHECK(decode_bytes(bad).size() == 6);
  CHECK(decode_utf8(bad) == "ok\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(sanitize_utf8("\xc0\xaf") == "\xEF\xBF\xBD\xEF\xBF\xBD");         // overlong '/'
  CHECK(sanitize_utf8("\xed\xa0\x80").find("\xed") == std::string::npos); // surrogate
  CHECK(sanitize_utf8("h\xc3\xa9 \xf0\x9f\x98\x80") == "h\xc3\xa9 \xf0\x9f\x98\x80");
}

TEST_CASE("sampler: greedy, top-k, top-p and seeds", "[model][sampler]") {
  std::vector<float> logits(258, 0.0f);
  logits[5] = 3.0f, logits[7] = 2.9f, logits[9] = 2.8f, logits[100] = -5.0f;
  SECTION("temperature 0 is argmax") {
    Sampler s({0.0f, 40, 1.0f, 1});
    for (int i = 0; i < 10; ++i) CHECK(s.sample(logits.data(), 258) == 5);
  }
  SECTION("top-k keeps only the k best") {
    Sampler s({1.0f, 3, 1.0f, 2});
    std::set<int> seen;
    for (int i = 0; i < 300; ++i) seen.insert(s.sample(logits.data(), 258));
    CHECK(seen == std::set<int>{5, 7, 9});
  }
  SECTION("top-p keeps the smallest nucleus") {
    std::vector<float> l(258, -20.0f);
    l[1] = 5.0f, l[2] = 4.0f; // p(1) ~ 0.73, p(2) ~ 0.27
    Sampler s({1.0f, 0, 0.5f, 3});
    for (int i = 0; i < 100; ++i) CHECK(s.sample(l.data(), 258) == 1);
    Sampler s2({1.0f, 0, 0.9f, 3});
    std::set<int> seen;
    for (int i = 0; i < 200; ++i) seen.insert(s2.sample(l.data(), 258));
    CHECK(seen == std::set<int>{1, 2});
  }
  SECTION("same seed, same draws; another seed, other draws") {
    Sampler a({1.0f, 0, 1.0f, 42}), b({1.0f, 0, 1.0f, 42}), c({1.0f, 0, 1.0f, 43});
    std::vector<int> da, db, dc;
    for (int i = 0; i < 50; ++i)
      da.push_back(a.sample(logits.data(), 258)), db.push_back(b.sample(logits.data(), 258)),
          dc.push_back(c.sample(logits.data(), 258));
    CHECK(da == db);
    CHECK(da != dc);
  }
  SECTION("low temperature concentrates on the best token") {
    Sampler s({0.05f, 0, 1.0f, 5});
    int best = 0;
    for (int i = 0; i < 100; ++i) best += s.sample(logits.data(), 258) == 5;
    CHECK(best >= 85);
  }
}

TEST_CASE("sampler chain: its stages in order, and the no-repeat stage first", "[model][sampler]") {
  using Names = std::vector<std::string_view>;
  CHECK(Sampler({0.8f, 40, 0.9f, 1}, 10).stage_names() ==
        Names{"no-repeat", "top-k", "softmax", "top-p", "draw"});
  CHECK(Sampler({0.8f, 40, 1.0f, 1}).stage_names() == Names{"top-k", "softmax", "draw"});
  CHECK(Sampler({0.0f, 40, 0.9f, 1}, 4).stage_names() == Names{"no-repeat", "argmax"});

  // After "abcab", 3 bytes may not repeat "abc": 'c' is banned, every other byte allowed.
  std::vector<float> logits(258, 0.0f);
  logits['c'] = 5.0f, logits['x'] = 4.0f;
  CHECK(Sampler({0.0f, 40, 1.0f, 1}).sample(logits.data(), 258, "abcab") == 'c');
  CHECK(Sampler({0.0f, 40, 1.0f, 1}, 3).sample(logits.data(), 258, "abcab") == 'x');
  CHECK(Sampler({0.0f, 40, 1.0f, 1}, 3).sample(logits.data(), 258, "abcax") == 'c');
  std::vector<TokenScore> cand{{1.f, 'c'}, {1.f, 'b'}, {1.f, 256}};
  no_repeat_stage(3)->apply(cand, {"abcab"});
  CHECK(std::isinf(cand[0].score));
  CHECK(cand[1].score == 1.f);
  CHECK(cand[2].score == 1.f); // EOS is never a repeat
  Sampler drawn({5.0f, 0, 1.0f, 7}, 3);
  for (int i = 0; i < 200; ++i) CHECK(drawn.sample(logits.data(), 258, "abcab") != 'c');
}

namespace {
Model tiny_random_model(uint64_t seed) {
  auto p = std::make_shared<ParamBuffer>(Config::tiny());
  init_random(*p, seed, 0.5f);
  return model_from_params(p);
}
} // namespace

TEST_CASE("generate: length, determinism, streaming and cancellation", "[model][generate]") {
  const Model m = tiny_random_model(21);
  GenerateOptions opt;
  opt.max_new_tokens = 40; // longer than the tiny context: exercises the sliding window
  opt.sampling = {0.9f, 40, 0.95f, 7};
  opt.stop_at_eos = false;
  std::string streamed;
  opt.on_text = [&](std::string_view s) { streamed += s; };
  const auto r1 = generate(m, "def hello():", opt);
  CHECK(r1.finish_reason == "length");
  CHECK(r1.completion_tokens == 40);
  CHECK(r1.prompt_tokens == 12);
  CHECK(streamed == r1.text);
  opt.on_text = nullptr;
  const auto r2 = generate(m, "def hello():", opt);
  CHECK(r2.text == r1.text);
  opt.sampling.seed = 8;
  CHECK(generate(m, "def hello():", opt).text != r1.text);

  std::atomic<bool> cancel{false};
  opt.cancel = &cancel;
  int calls = 0;
  opt.on_text = [&](std::string_view) {
    if (++calls == 3) cancel = true;
  };
  const auto r3 = generate(m, "x", opt);
  CHECK(r3.finish_reason == "cancelled");
  CHECK(r3.completion_tokens == 3);
}

TEST_CASE("generate: stop sequences end generation and are never streamed", "[model][generate]") {
  const Model m = tiny_random_model(22);
  GenerateOptions opt;
  opt.max_new_tokens = 30;
  opt.sampling = {1.0f, 0, 1.0f, 3};
  opt.stop_at_eos = false;
  const auto free_run = generate(m, "abc", opt);
  REQUIRE(free_run.text.size() >= 10);
  // Stop on a 2-byte sequence the free run produces at bytes 6..7.
  opt.stop = {free_run.text.substr(6, 2), "\x01never"};
  std::string streamed;
  opt.on_text = [&](std::string_view s) { streamed += s; };
  const auto r = generate(m, "abc", opt);
  CHECK(r.finish_reason == "stop");
  CHECK(r.text.size() <= 6);
  CHECK(free_run.text.compare(0, r.text.size(), r.text) == 0);
  CHECK(streamed == r.text);
  CHECK(streamed.find(opt.stop[0]) == std::string::npos);
}

namespace {
// Does some n-byte string occur twice in text (overlaps allowed)?
bool repeats(const std::string& text, size_t n) {
  for (size_t i = 0; i + n <= text.size(); ++i)
    if (text.find(text.substr(i, n), i + 1) != std::string::npos) return true;
  return false;
}
} // namespace

TEST_CASE("generate: no_repeat_bytes bans bytes that would repeat an n-byte string",
          "[model][generate]") {
  // Greedy decoding of a random tiny model over several context windows repeats itself; the
  // stage must remove every repeat of n bytes.
  const Model m = tiny_random_model(23);
  GenerateOptions opt;
  opt.max_new_tokens = 300; // several context windows
  opt.sampling.temperature = 0.0f;
  opt.stop_at_eos = false;
  const auto plain = generate(m, "def f(x):", opt);
  INFO("plain: " << plain.text.size() << " bytes");
  REQUIRE(repeats(plain.text, 4)); // else this test would check nothing
  for (int n : {4, 6}) {
    opt.no_repeat_bytes = n;
    const auto r = generate(m, "def f(x):", opt);
    CHECK(r.completion_tokens == 300);
    CHECK_FALSE(repeats(r.text, static_cast<size_t>(n)));
    CHECK(generate(m, "def f(x):", opt).text == r.text); // still deterministic
  }
}
