// What `calibrate` writes: the model file with the confidence gate it chose and the corpus's word
// dictionary (read back at run time by prose/confidence_gate.h and prose/word_dictionary.h).
#pragma once

#include "prose/confidence_gate.h"
#include "prose/word_dictionary.h"

#include <string>

namespace axl::training {

// Rewrites the model file `in` as `out` (atomically; may be the same path) with `gate`'s keys and,
// when given, `words`; every other key and tensor unchanged.
void write_gate(const std::string& in, const std::string& out, const prose::ConfidenceGate& gate,
                const prose::WordDictionary* words = nullptr);

} // namespace axl::training
