#include "training/corpus_words.h"

#include "text/text_util.h"

#include <string>
#include <unordered_map>

namespace axl::training {

prose::WordDictionary dictionary_from_samples(const std::vector<Sample>& samples, int min_count) {
  std::unordered_map<std::string, int> counts;
  for (const auto& s : samples)
    for (const auto& w : text::letter_words(s.docstring, false))
      if (w.size() >= 2) ++counts[w];
  std::vector<std::string> words;
  for (auto& [w, n] : counts)
    if (n >= min_count) words.push_back(w);
  return prose::WordDictionary(std::move(words));
}

} // namespace axl::training
