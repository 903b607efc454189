#include "training/baselines.h"
#include "training/evaluation.h"

#include <catch2/catch.hpp>

using namespace axl::training;

TEST_CASE("name-split baseline turns identifiers into a sentence") {
  CHECK(name_split_summary("get_user_name") == "Get user name.");
  CHECK(name_split_summary("getUserName") == "Get user name.");
  CHECK(name_split_summary("HTTPServer") == "Http server.");
  CHECK(name_split_summary("__init__") == "Init.");
  CHECK(name_split_summary("parse2d_array") == "Parse2d array.");
  CHECK(name_split_summary("_") == "");
  CHECK(short_name("Client.fetch") == "fetch");
  CHECK(short_name("fetch") == "fetch");
}

TEST_CASE("evaluation scores any summariser the same way") {
  std::vector<Sample> samples(2);
  samples[0].qualified_name = "C.get_user_name";
  samples[0].summary = "Get user name.";
  samples[1].qualified_name = "load";
  samples[1].summary = "Read the file"; // no shared token with "Load."
  auto scores = evaluate_summaries(samples, name_split_for);
  CHECK(scores.count == 2);
  CHECK(scores.rouge_l() == Catch::Detail::Approx(50.0));
  CHECK(evaluate_summaries(samples, name_split_for, 1).count == 1);

  // A model plugs in as a generator: it sees the prompt and its raw text is cut at the terminator.
  std::string seen;
  auto model = model_summariser([&](const std::string& prompt) {
    seen = prompt;
    return std::string("Get user name.\"\"\"\n    return x");
  });
  samples[0].code = "def get_user_name(self):\n    return self.name";
  CHECK(model(samples[0]) == "Get user name.");
  CHECK(seen.ends_with("def get_user_name(self):\n    \"\"\""));
  auto table = format_score_table({{"name-split", scores}});
  CHECK(table.find("name-split") != std::string::npos);
  CHECK(table.find("50.00") != std::string::npos);
}
