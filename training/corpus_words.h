// The word dictionary (prose/word_dictionary.h) built from the corpus: what `calibrate` stores in
// the model file for the provider's invented-word check.
#pragma once

#include "prose/word_dictionary.h"
#include "training/sample.h"

#include <vector>

namespace axl::training {

// Lower-cased words (letters only, 2+ letters) of the samples' docstrings seen >= min_count times.
prose::WordDictionary dictionary_from_samples(const std::vector<Sample>& samples,
                                              int min_count = 2);

} // namespace axl::training
