#include "training/metrics.h"

#include <catch2/catch.hpp>

using namespace axl::training;
using Approx = Catch::Detail::Approx;

TEST_CASE("metric tokens are lower-cased words and single punctuation marks") {
  CHECK(metric_tokens("Return the User's name.") ==
        std::vector<std::string>{"return", "the", "user", "'", "s", "name", "."});
  CHECK(metric_tokens("  get_user_name(x)  ") ==
        std::vector<std::string>{"get_user_name", "(", "x", ")"});
  CHECK(metric_tokens("Größe ändern") == std::vector<std::string>{"größe", "ändern"});
  CHECK(metric_tokens("").empty());
}

TEST_CASE("identical sentences score 100") {
  SummaryScores s;
  s.add("Return the name of the user.", "return the name of the user .");
  CHECK(s.bleu4() == Approx(100.0));
  CHECK(s.rouge_l() == Approx(100.0));
}

TEST_CASE("a short exact prefix: only the brevity penalty and recall count") {
  // hyp: the cat sat (3); ref: the cat sat on the mat (6). p1 = 3/3; p2 = (2+1)/(2+1);
  // p3 = (1+1)/(1+1); p4 = (0+1)/(0+1). BP = exp(1 - 6/3) = e^-1.
  auto h = metric_tokens("the cat sat"), r = metric_tokens("the cat sat on the mat");
  CHECK(sentence_bleu4(h, r) == Approx(0.3678794).epsilon(1e-6));
  // LCS 3: P = 1, R = 1/2, F = 2/3.
  CHECK(rouge_l_f1(h, r) == Approx(2.0 / 3.0));
}

TEST_CASE("name-split style hypothesis against a real summary, worked by hand") {
  // hyp: get user name . (4); ref: return the name of the user . (7)
  // p1 = 3/4 (user, name, .); no bigram matches: p2 = 1/4, p3 = 1/3, p4 = 1/2.
  // (0.75 * 0.25 / 3 * 0.5)^(1/4) = 0.420448; BP = exp(1 - 7/4) = 0.472367 -> 0.198604.
  auto h = metric_tokens("Get user name."), r = metric_tokens("Return the name of the user.");
  CHECK(sentence_bleu4(h, r) == Approx(0.198604).epsilon(1e-5));
  // LCS 2 ("user ." or "name ."): P = 2/4, R = 2/7, F = 2PR/(P+R) = 4/11.
  CHECK(rouge_l_f1(h, r) == Approx(4.0 / 11.0));
}

TEST_CASE("n-gram counts are clipped by the reference") {
  // hyp: the the the the; ref: the cat. p1 = 1/4 (clipped); p2 = 1/4, p3 = 1/3, p4 = 1/2; c > r:
  // BP 1.
  auto h = metric_tokens("the the the the"), r = metric_tokens("the cat");
  CHECK(sentence_bleu4(h, r) == Approx(0.3194716).epsilon(1e-6));
  // LCS 1: P = 1/4, R = 1/2, F = 1/3.
  CHECK(rouge_l_f1(h, r) == Approx(1.0 / 3.0));
}

TEST_CASE("no shared word or an empty side scores 0") {
  auto r = metric_tokens("Return the name.");
  CHECK(sentence_bleu4(metric_tokens("Compute sums"), r) == 0.0);
  CHECK(rouge_l_f1(metric_tokens("Compute sums"), r) == 0.0);
  CHECK(sentence_bleu4({}, r) == 0.0);
  CHECK(rouge_l_f1(r, {}) == 0.0);
}

TEST_CASE("scores are averaged over sentences") {
  SummaryScores s;
  s.add("a b c d", "a b c d");
  s.add("x", "y");
  CHECK(s.count == 2);
  CHECK(s.bleu4() == Approx(50.0));
  CHECK(s.rouge_l() == Approx(50.0));
  CHECK(SummaryScores{}.bleu4() == 0.0);
}
