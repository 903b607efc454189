// The invented-word check: a word neither in the dictionary nor in the code is rejected.
#include "prose/word_dictionary.h"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using namespace axl::prose;

TEST_CASE("the word dictionary rejects invented words, not the code's own") {
  const WordDictionary dict({"return", "the", "dictionary", "of", "numbers", "read"});
  CHECK(dict.contains("dictionary"));
  CHECK_FALSE(dict.contains("inventory"));
  const std::string code = "def wrap_numbers(inputMap, frobnicate):\n    pass\n";
  CHECK(invented_word("Return the dictionary of numbers.", code, dict) == std::nullopt);
  CHECK(invented_word("The dictionary of dictional dictionant.", code, dict) == "dictional");
  // Words of the code (snake_case and camelCase parts, whole identifiers) are fine.
  CHECK(invented_word("Frobnicate the input map.", code, dict) == std::nullopt);
  CHECK(invented_word("Read the inputmap.", code, dict) == std::nullopt);
  // Short words are not checked; an empty dictionary checks nothing.
  CHECK(invented_word("Read the xyz.", code, dict) == std::nullopt);
  CHECK(invented_word("anything at all", code, WordDictionary{}) == std::nullopt);
}
