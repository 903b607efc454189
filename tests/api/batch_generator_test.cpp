// The batch generator decodes concurrent completions together; each must be exactly what a lone
// model::generate() gives (same bytes, finish reason and counts), whatever joins or leaves beside
// it.
#include "api/batch_generator.h"

#include <catch2/catch.hpp>

#include <future>
#include <thread>

using namespace axl;
using axl::api::BatchGenerator;

namespace {

model::Model tiny_model() {
  auto p = std::make_shared<model::ParamBuffer>(model::Config::tiny());
  model::init_random(*p, 11, 0.5f);
  return model::model_from_params(p);
}

struct Case {
  std::string prompt;
  model::GenerateOptions opt;
};

std::vector<Case> cases() {
  std::vector<Case> v;
  for (int i = 0; i < 7; ++i) {
    Case c;
    c.prompt =
        std::string("def f") + std::to_string(i) + "(x):\n    \"\"\"" + std::string(i * 9, 'y');
    c.opt.max_new_tokens = 5 + 13 * i; // rows leave at different steps
    c.opt.sampling.seed = 100 + static_cast<uint64_t>(i);
    c.opt.sampling.temperature = i % 3 == 0 ? 0.0f : 0.9f;
    c.opt.stop_at_eos = i % 2 == 0;
    if (i == 5) c.opt.no_repeat_bytes = 3;
    v.push_back(std::move(c));
  }
  return v;
}

struct Outcome {
  model::GenerateResult result;
  std::string error;
  std::string streamed;
};

// Cases [from, to) as sequences that record their outcome in got[i] and then set done[i].
std::vector<BatchGenerator::Sequence> sequences(const std::vector<Case>& all, size_t from,
                                                size_t to, std::vector<Outcome>& got,
                                                std::vector<std::promise<void>>& done) {
  std::vector<BatchGenerator::Sequence> seqs;
  for (size_t i = from; i < to; ++i) {
    BatchGenerator::Sequence q{all[i].prompt, all[i].opt, {}, {}};
    q.options.on_text = [&got, i](std::string_view t) { got[i].streamed += t; };
    q.on_done = [&got, &done, i](model::GenerateResult&& r, const std::string& e) {
      got[i].result = std::move(r);
      got[i].error = e;
      done[i].set_value();
    };
    seqs.push_back(std::move(q));
  }
  return seqs;
}

} // namespace

TEST_CASE("batched completions equal lone generate(), rows joining and leaving", "[api][batch]") {
  const auto model = tiny_model();
  auto all = cases();
  // Case 4 ends early on a stop sequence: two bytes its free output holds at 10.
  const std::string free_text = model::generate(model, all[4].prompt, all[4].opt).text;
  REQUIRE(free_text.size() > 12);
  all[4].opt.stop = {"", free_text.substr(10, 2)};
  std::vector<model::GenerateResult> expected;
  for (const auto& c : all) expected.push_back(model::generate(model, c.prompt, c.opt));

  for (int rows : {1, 3, 16}) {
    BatchGenerator gen(model, rows, 64, 1);
    std::vector<Outcome> got(all.size());
    std::vector<std::promise<void>> done(all.size());
    // Two submissions, the second while the first is decoding: rows join mid-run.
    auto submit = [&](size_t from, size_t to) {
      REQUIRE(gen.try_submit(sequences(all, from, to, got, done)) ==
              BatchGenerator::Submit::Accepted);
    };
    submit(0, 4);
    submit(4, all.size());
    for (auto& d : done) d.get_future().wait();
    for (size_t i = 0; i < all.size(); ++i) {
      INFO("rows " << rows << ", case " << i);
      CHECK(got[i].error.empty());
      CHECK(got[i].result.text == expected[i].text);
      CHECK(got[i].streamed == expected[i].text);
      CHECK(got[i].result.finish_reason == expected[i].finish_reason);
      CHECK(got[i].result.completion_tokens == expected[i].completion_tokens);
      CHECK(got[i].result.prompt_tokens == expected[i].prompt_tokens);
    }
    CHECK(gen.running() == 0);
  }
  // The cases do differ: a test of equal outputs must not pass on identical ones.
  CHECK(expected[0].text != expected[1].text);
  CHECK(expected[4].finish_reason == "stop");
  CHECK(expected[6].finish_reason == "length");
}

TEST_CASE("the batch generator refuses past rows + queue, and after close", "[api][batch]") {
  const auto model = tiny_model();
  BatchGenerator gen(model, 1, 1, 1);
  std::atomic<bool> cancel{false};
  std::promise<void> started, finished;
  BatchGenerator::Sequence endless{"x", {}, {}, {}};
  endless.options.max_new_tokens = 1 << 30;
  endless.options.stop_at_eos = false;
  endless.options.cancel = &cancel;
  endless.on_start = [&] { started.set_value(); };
  std::string reason;
  endless.on_done = [&](model::GenerateResult&& r, const std::string&) {
    reason = r.finish_reason;
    finished.set_value();
  };
  REQUIRE(gen.try_submit({std::move(endless)}) == BatchGenerator::Submit::Accepted);
  started.get_future().wait();
  int ran = 0;
  BatchGenerator::Sequence small{
      "y", {}, {}, [&](model::GenerateResult&&, const std::string&) { ++ran; }};
  small.options.max_new_tokens = 2;
  // A request's sequences are taken together or not at all: two do not fit in one queue place.
  CHECK(gen.try_submit({small, small}) == BatchGenerator::Submit::QueueFull);
  CHECK(gen.try_submit({small}) == BatchGenerator::Submit::Accepted);
  CHECK(gen.try_submit({small}) == BatchGenerator::Submit::QueueFull);
  CHECK(gen.queued() == 1);
  cancel = true;
  finished.get_future().wait();
  CHECK(reason == "cancelled");
  gen.close();
  CHECK(gen.try_submit({small}) == BatchGenerator::Submit::Stopped);
  gen.stop(); // the queued one still runs
  CHECK(ran == 1);
}

TEST_CASE("a sequence gone before it joins is not prefilled or decoded", "[api][batch]") {
  const auto model = tiny_model();
  BatchGenerator gen(model, 2, 4, 1);
  std::atomic<bool> cancel{true};
  model::GenerateResult got;
  std::promise<void> done;
  BatchGenerator::Sequence q{std::string(5000, 'z'), {}, {}, {}};
  q.options.cancel = &cancel;
  q.on_done = [&](model::GenerateResult&& r, const std::string&) {
    got = std::move(r);
    done.set_value();
  };
  REQUIRE(gen.try_submit({std::move(q)}) == BatchGenerator::Submit::Accepted);
  done.get_future().wait();
  CHECK(got.finish_reason == "cancelled");
  CHECK(got.completion_tokens == 0);
  CHECK(got.prefill_seconds < 0.05); // 5,000 bytes would take far longer to prefill
}

TEST_CASE("a queued sequence whose client is gone leaves the queue while the rows are busy",
          "[api][batch]") {
  const auto model = tiny_model();
  BatchGenerator gen(model, 1, 1, 1);
  std::atomic<bool> stop_busy{false}, gone{false};
  std::promise<void> started, dropped, busy_done;
  BatchGenerator::Sequence busy{
      "x",
      {},
      [&] { started.set_value(); },
      [&](model::GenerateResult&&, const std::string&) { busy_done.set_value(); }};
  busy.options.max_new_tokens = 1 << 30;
  busy.options.stop_at_eos = false;
  busy.options.cancel = &stop_busy;
  REQUIRE(gen.try_submit({std::move(busy)}) == BatchGenerator::Submit::Accepted);
  started.get_future().wait();
  std::string reason;
  BatchGenerator::Sequence waiting{"y", {}, {}, [&](model::GenerateResult&& r, const std::string&) {
                                     reason = r.finish_reason;
                                     dropped.set_value();
                                   }};
  waiting.options.cancel = &gone;
  REQUIRE(gen.try_submit({std::move(waiting)}) == BatchGenerator::Submit::Accepted);
  BatchGenerator::Sequence another{"z", {}, {}, {}};
  CHECK(gen.try_submit({another}) == BatchGenerator::Submit::QueueFull);
  gone = true;
  // Its place is free at once for a live client, and it is ended while the row still decodes.
  CHECK(gen.try_submit({another}) == BatchGenerator::Submit::Accepted);
  dropped.get_future().wait();
  CHECK(reason == "cancelled");
  CHECK(gen.running() == 1);
  stop_busy = true;
  busy_done.get_future().wait();
}

TEST_CASE("the generator looks at the queue when it changed, not at every byte", "[api][batch]") {
  const auto model = tiny_model();
  BatchGenerator gen(model, 2, 4, 1);
  std::promise<void> done;
  model::GenerateResult got;
  BatchGenerator::Sequence q{"x", {}, {}, [&](model::GenerateResult&& r, const std::string&) {
                               got = std::move(r);
                               done.set_value();
                             }};
  q.options.max_new_tokens = 200;
  q.options.stop_at_eos = false;
  REQUIRE(gen.try_submit({std::move(q)}) == BatchGenerator::Submit::Accepted);
  done.get_future().wait();
  CHECK(got.completion_tokens == 200);
  CHECK(gen.queue_looks() <= 3); // the submission (and perhaps the wake-up before it)
}

TEST_CASE("completions that join together, one prompt prefilled once for its rows, equal lone "
          "generate()",
          "[api][batch]") {
  const auto model = tiny_model();
  std::vector<Case> all;
  for (int i = 0; i < 6; ++i) {
    Case c;
    // Four prompts of one length, then a prompt asked three times (different seeds), then a
    // longer one.
    c.prompt =
        i < 4 ? "def g" + std::to_string(i) + "(y):\n    \"\"\"" : "def same(z):\n    \"\"\"";
    if (i == 5) c.prompt += "Return";
    c.opt.max_new_tokens = 20 + i;
    c.opt.sampling.seed = 7 + static_cast<uint64_t>(i);
    c.opt.sampling.temperature = i % 2 ? 0.0f : 0.8f;
    all.push_back(std::move(c));
  }
  for (uint64_t seed : {99, 98}) {
    all.push_back(all[4]);
    all.back().opt.sampling.seed = seed;
  }
  std::vector<model::GenerateResult> expected;
  for (const auto& c : all) expected.push_back(model::generate(model, c.prompt, c.opt));
  BatchGenerator gen(model, 16, 64, 1);
  std::vector<Outcome> got(all.size());
  std::vector<std::promise<void>> done(all.size());
  // One submission: every row joins in one step.
  REQUIRE(gen.try_submit(sequences(all, 0, all.size(), got, done)) ==
          BatchGenerator::Submit::Accepted);
  for (auto& d : done) d.get_future().wait();
  for (size_t i = 0; i < all.size(); ++i) {
    INFO("case " << i);
    CHECK(got[i].error.empty());
    CHECK(got[i].result.text == expected[i].text);
    CHECK(got[i].result.finish_reason == expected[i].finish_reason);
    CHECK(got[i].result.completion_tokens == expected[i].completion_tokens);
  }
  CHECK(expected[0].text != expected[2].text);
  CHECK(expected[4].text != expected[6].text); // one prompt, other seeds
  CHECK(expected[6].text != expected[7].text);
}
