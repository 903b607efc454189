// Held-out text for the export's perplexity figures (models/llama-export.md): the summary-task
// sequence of every k-th sample of a corpus split (BOS and EOS removed), as a JSON array of strings
// for fine_only_reference and llama_cpp_e2e.mjs --prompts. Not a test; a measuring aid.
//
//   heldout_text data/corpus/test.axlds COUNT > heldout.json
#include "training/dataset_io.h"
#include "training/training_sequences.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SPLIT.axlds COUNT\n", argv[0]);
    return 2;
  }
  try {
    const auto samples = axl::training::read_split(argv[1]);
    const size_t count = std::stoul(argv[2]);
    const size_t step = std::max<size_t>(1, samples.size() / std::max<size_t>(1, count));
    nlohmann::json out = nlohmann::json::array();
    for (size_t i = 0; i < samples.size() && out.size() < count; i += step) {
      const auto seqs = axl::training::training_sequences(samples[i]);
      if (seqs.empty()) continue;
      std::string text;
      for (int t : seqs.front().tokens)
        if (t < 256) text.push_back(static_cast<char>(t));
      out.push_back(std::move(text));
    }
    // Invalid UTF-8 (a crop inside a character) becomes U+FFFD: both engines read the same JSON.
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heldout_text: %s\n", e.what());
    return 1;
  }
  return 0;
}
