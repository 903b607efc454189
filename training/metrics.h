// Summary-quality metrics: smoothed sentence BLEU-4 and ROUGE-L F1 on word/punctuation tokens.
// Written from the papers (Papineni et al. 2002; Chen & Cherry 2014; Lin 2004), no code copied.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace axl::training {

// Lower-cased tokens: runs of letters/digits/'_' (and any non-ASCII byte, so UTF-8 words stay
// whole) form one token; every other non-space byte is a token of its own ("Return x." -> return,
// x, .).
std::vector<std::string> metric_tokens(std::string_view text);

// Sentence BLEU-4 in [0, 1], uniform weights, one reference, brevity penalty exp(1 - r/c) for c <
// r. Smoothing: Chen & Cherry's method 2 (Lin & Och 2004 "add one"): for n = 2..4 the matched and
// the total n-gram counts both get +1; unigram precision is unsmoothed, so no shared word -> 0. An
// empty hypothesis or reference scores 0; identical non-empty sentences score 1.
double sentence_bleu4(const std::vector<std::string>& hypothesis,
                      const std::vector<std::string>& reference);

// ROUGE-L F1 in [0, 1]: LCS length l, P = l/|hyp|, R = l/|ref|, F = 2PR/(P+R) (beta = 1); 0 if l =
// 0.
double rouge_l_f1(const std::vector<std::string>& hypothesis,
                  const std::vector<std::string>& reference);

// Running means over many sentences, reported x100 like the papers.
struct SummaryScores {
  size_t count = 0;
  double bleu_sum = 0, rouge_sum = 0;
  void add(std::string_view hypothesis, std::string_view reference);
  // One sentence's scores (in [0, 1]) computed elsewhere.
  void add_scores(double bleu, double rouge) {
    ++count;
    bleu_sum += bleu;
    rouge_sum += rouge;
  }
  double bleu4() const { return count ? 100.0 * bleu_sum / double(count) : 0.0; }
  double rouge_l() const { return count ? 100.0 * rouge_sum / double(count) : 0.0; }
};

} // namespace axl::training
