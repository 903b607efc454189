// The words docstring prose may use: every word the training split's docstrings use at least
// twice. A byte-level model can spell words that do not exist ("dictionant"); an answer with a word
// that is neither in this dictionary nor in the code is rejected. Built by `calibrate` from the
// corpus (training/corpus_words.h) and stored in the model file (axl.prose.words), next to the
// confidence gate.
#pragma once

#include "model/gguf.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace axl::prose {

class WordDictionary {
public:
  WordDictionary() = default;
  explicit WordDictionary(std::vector<std::string> words);
  // Empty when the file has none.
  static WordDictionary from_gguf(const model::GgufFile& file);
  void add_to(model::GgufWriter& writer) const;

  bool empty() const { return words_.empty(); }
  size_t size() const { return words_.size(); }
  bool contains(std::string_view lower_word) const;

private:
  std::unordered_set<std::string> words_;
};

// The first word of `text` (letters only, lower-cased, 4+ letters: short words are too easy to
// miss-judge) that is neither in `dictionary` nor a word or identifier part of `code`; nullopt when
// there is none or the dictionary is empty.
std::optional<std::string> invented_word(std::string_view text, std::string_view code,
                                         const WordDictionary& dictionary);

} // namespace axl::prose
