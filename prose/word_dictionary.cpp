#include "prose/word_dictionary.h"

#include "model/gguf_keys.h"
#include "text/text_util.h"

#include <algorithm>

namespace axl::prose {

WordDictionary::WordDictionary(std::vector<std::string> words)
    : words_(std::make_move_iterator(words.begin()), std::make_move_iterator(words.end())) {}

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
  for (bool split_case : {true, false})
    for (auto& w : text::letter_words(code, split_case)) code_words.insert(std::move(w));
  for (const auto& w : text::letter_words(text, false))
    if (w.size() >= 4 && !dictionary.contains(w) && !code_words.count(w)) return w;
  return std::nullopt;
}

} // namespace axl::prose
