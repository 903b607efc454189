#include "training/metrics.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace axl::training {
namespace {

bool word_byte(unsigned char c) {
  return std::isalnum(c) || c == '_' || c >= 0x80;
}

// Clipped n-gram matches and the hypothesis' n-gram total.
std::pair<size_t, size_t> ngram_matches(const std::vector<std::string>& hyp,
                                        const std::vector<std::string>& ref, size_t n) {
  if (hyp.size() < n) return {0, 0};
  std::map<std::vector<std::string>, size_t> ref_counts;
  for (size_t i = 0; i + n <= ref.size(); ++i)
    ++ref_counts[std::vector<std::string>(ref.begin() + i, ref.begin() + i + n)];
  std::map<std::vector<std::string>, size_t> hyp_counts;
  for (size_t i = 0; i + n <= hyp.size(); ++i)
    ++hyp_counts[std::vector<std::string>(hyp.begin() + i, hyp.begin() + i + n)];
  size_t matched = 0;
  for (const auto& [gram, count] : hyp_counts) {
    auto it = ref_counts.find(gram);
    if (it != ref_counts.end()) matched += std::min(count, it->second);
  }
  return {matched, hyp.size() - n + 1};
}

} // namespace

std::vector<std::string> metric_tokens(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      ++i;
    } else if (word_byte(c)) {
      std::string w;
      while (i < text.size() && word_byte(static_cast<unsigned char>(text[i])))
        w += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i++])));
      out.push_back(std::move(w));
    } else {
      out.emplace_back(1, text[i++]);
    }
  }
  return out;
}

double sentence_bleu4(const std::vector<std::string>& hyp, const std::vector<std::string>& ref) {
  if (hyp.empty() || ref.empty()) return 0.0;
  double log_sum = 0;
  for (size_t n = 1; n <= 4; ++n) {
    auto [matched, total] = ngram_matches(hyp, ref, n);
    double p = n == 1 ? double(matched) / double(total) : double(matched + 1) / double(total + 1);
    if (p == 0) return 0.0;
    log_sum += std::log(p) / 4.0;
  }
  double c = double(hyp.size()), r = double(ref.size());
  double brevity = c < r ? std::exp(1.0 - r / c) : 1.0;
  return brevity * std::exp(log_sum);
}

double rouge_l_f1(const std::vector<std::string>& hyp, const std::vector<std::string>& ref) {
  if (hyp.empty() || ref.empty()) return 0.0;
  // One-row dynamic programme for the LCS length.
  std::vector<size_t> row(ref.size() + 1, 0);
  for (const auto& h : hyp) {
    size_t diag = 0;
    for (size_t j = 1; j <= ref.size(); ++j) {
      size_t up = row[j];
      row[j] = h == ref[j - 1] ? diag + 1 : std::max(row[j], row[j - 1]);
      diag = up;
    }
  }
  double lcs = double(row[ref.size()]);
  if (lcs == 0) return 0.0;
  double p = lcs / double(hyp.size()), r = lcs / double(ref.size());
  return 2 * p * r / (p + r);
}

void SummaryScores::add(std::string_view hypothesis, std::string_view reference) {
  auto h = metric_tokens(hypothesis), r = metric_tokens(reference);
  add_scores(sentence_bleu4(h, r), rouge_l_f1(h, r));
}

} // namespace axl::training
