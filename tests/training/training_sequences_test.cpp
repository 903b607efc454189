#include "training/train_data.h"
#include "training/training_sequences.h"

#include <catch2/catch.hpp>

using namespace axl::training;
namespace model = axl::model;
namespace prose = axl::prose;

namespace {
const char* kCode = "def get_user(self, user_id: int) -> User:\n"
                    "    row = self.db.fetch(user_id)\n"
                    "\n"
                    "    return User(row)";
}

TEST_CASE("long targets keep whole sentences, else a word-boundary cut without terminator") {
  CHECK(crop_target("Short  one.").text == "Short one.");
  std::string two = "First sentence here. " + std::string(90, 'x') + " more.";
  auto c = crop_target(two);
  CHECK(c.text == "First sentence here.");
  CHECK(c.complete);
  std::string words;
  while (words.size() < 200) words += "word ";
  c = crop_target(words);
  CHECK_FALSE(c.complete);
  CHECK(c.text.size() <= prose::kMaxTargetBytes);
  CHECK(c.text.ends_with("word"));
}

TEST_CASE("training sequences: BOS, prompt, answer, terminator, EOS with loss weights") {
  prose::PromptRequest r;
  r.code = "def f(x):\n    return x";
  auto seq = build_training_sequence(r, "Return x.");
  std::string prompt = prose::build_prompt(r);
  REQUIRE(seq.tokens.size() == 1 + prompt.size() + 9 + 3 + 1);
  CHECK(seq.tokens.front() == model::kBos);
  CHECK(seq.tokens.back() == model::kEos);
  CHECK(seq.weights.size() == seq.tokens.size());
  CHECK(seq.weights[0] == 0.f);
  CHECK(seq.weights[1] == Catch::Detail::Approx(0.1f)); // code
  CHECK(seq.tokens[seq.docstring_begin] == '\n');
  CHECK(seq.weights[seq.docstring_begin] == Catch::Detail::Approx(0.5f)); // opener
  CHECK(seq.target_begin == 1 + prompt.size());
  CHECK(seq.tokens[seq.target_begin] == 'R');
  for (size_t i = seq.target_begin; i < seq.tokens.size(); ++i) CHECK(seq.weights[i] == 1.f);
  std::string text;
  for (size_t i = 1; i + 1 < seq.tokens.size(); ++i) text += static_cast<char>(seq.tokens[i]);
  CHECK(text == "# return x\ndef f(x):\n    \"\"\"Return x.\"\"\"");
}

TEST_CASE("a sample teaches its summary, each parameter and the returns, within the context") {
  Sample s;
  s.code = kCode;
  s.summary = std::string(150, 'w') + " end of a very long summary line.";
  s.params = {{"user_id", "The id. " + std::string(200, 'd')}};
  s.returns = "The user.";
  auto seqs = training_sequences(s);
  REQUIRE(seqs.size() == 3);
  for (const auto& q : seqs) {
    CHECK(q.tokens.size() <= prose::kContextTokens);
    CHECK(q.tokens.size() == q.weights.size());
  }
  CHECK(seqs[1].tokens.back() == model::kEos); // "The id." is a whole sentence that fits
  CHECK(seqs[2].tokens.back() == model::kEos);
}

TEST_CASE("a training batch pads to whole tokens of the coarsest scale and weighs its region") {
  prose::PromptRequest r;
  r.code = "def f(x):\n    return x";
  const auto a = build_training_sequence(r, "Return x.");
  const auto b = build_training_sequence(r, "Return the x given, unchanged, to the caller.");
  const model::Config cfg; // scales 1, 2, 4
  const auto batch = make_batch({&a, &b}, Region::Answer, cfg);
  CHECK(batch.B == 2);
  CHECK(batch.T % 4 == 0);
  CHECK(size_t(batch.T) >= b.tokens.size() - 1);
  CHECK(size_t(batch.T) < b.tokens.size() - 1 + 4);
  for (size_t t = 0; t + 1 < a.tokens.size(); ++t) {
    CHECK(batch.inputs[t] == a.tokens[t]);
    CHECK(batch.targets[t] == a.tokens[t + 1]);
    CHECK(batch.weights[t] == (t + 1 >= a.target_begin ? 1.f : 0.f));
  }
  for (size_t t = a.tokens.size() - 1; t < size_t(batch.T); ++t) { // padding
    CHECK(batch.targets[t] == model::kEos);
    CHECK(batch.weights[t] == 0.f);
  }
  CHECK(cfg.padded_length(1) == 4);
  CHECK(cfg.padded_length(4) == 4);
  CHECK(cfg.padded_length(5) == 8);
  CHECK(cfg.padded_length(100000) == cfg.ctx);
}
