#include "training/word_dictionary.h"

#include "model/gguf_keys.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace axl::training {
namespace {

bool is_alpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

// Runs of ASCII letters, lower-cased; with split_case, camelCase humps are words of their own too.
template <class F> void for_each_word(std::string_view s, bool split_case, F&& f) {
  std::string w;
  auto flush = [&] {
    if (!w.empty()) f(w);
    w.clear();
  };
  for (char c : s) {
    if (!is_alpha(c)) {
      flush();
      continue;
    }
    if (split_case && std::isupper(static_cast<unsigned char>(c)) && !w.empty() &&
        std::islower(static_cast<unsigned char>(w.back())))
      flush();
    w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  flush();
}

} // namespace

WordDictionary::WordDictionary(std::vector<std::string> words)
    : words_(std::make_move_iterator(words.begin()), std::make_move_iterator(words.end())) {}

WordDictionary WordDictionary::from_samples(const std::vector<Sample>& samples, int min_count) {
  std::unordered_map<std::string, int> counts;
  for (const auto& s : samples)
    for_each_word(s.docstring, false, [&](const std::string& w) {
      if (w.size() >= 2) ++counts[w];
    });
  std::vector<std::string> words;
  for (auto& [w, n] : counts)
    if (n >= min_count) words.push_back(w);
  return WordDictionary(std::move(words));
}

WordDictionary WordDictionary::from_gguf(const model::GgufFile& f) {
  const auto* v = f.find(model::key::kProseWords);
  if (!v) return {};
  if (v->type != model::GgufType::ARRAY || v->elem != model::GgufType::STRING)
    throw model::GgufError(f.label + ": " + std::string(model::key::kProseWords) +
                           " must be an array of strings");
  std::vector<std::string> words;
  words.reserve(v->arr.size());
  for (const auto& e : v->arr) words.push_back(e.s);
  return WordDictionary(std::move(words));
}

void WordDictionary::add_to(model::GgufWriter& w) const {
  std::vector<std::string> sorted(words_.begin(), words_.end());
  std::sort(sorted.begin(), sorted.end()); // the same file for the same dictionary
  w.add(model::key::kProseWords, model::GgufValue::make_str_array(sorted));
}

bool WordDictionary::contains(std::string_view w) const {
  return words_.count(std::string(w)) != 0;
}

std::optional<std::string> invented_word(std::string_view text, std::string_view code,
                                         const WordDictionary& dictionary) {
  if (dictionary.empty()) return std::nullopt;
  std::unordered_set<std::string> code_words;
  for_each_word(code, true, [&](const std::string& w) { code_words.insert(w); });
  for_each_word(code, false, [&](const std::string& w) { code_words.insert(w); });
  std::optional<std::string> found;
  for_each_word(text, false, [&](const std::string& w) {
    if (!found && w.size() >= 4 && !dictionary.contains(w) && !code_words.count(w)) found = w;
  });
  return found;
}

} // namespace axl::training
