// The confidence gate: grounding, thresholds,
// and the provider writing only what the gate accepts.
#include "prose/confidence_gate.h"
#include "prose/field_guards.h"
#include "prose/grounding.h"
#include "prose/model_summary_provider.h"
#include "prose/word_dictionary.h"

#include "model/model_file.h"
#include "model/weights.h"
#include "parser/context_window.h"
#include "parser/python_parser.h"

#include "tests/prose/fixtures.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <unistd.h>

using namespace axl;
using test::tiny_model;
using namespace axl::prose;

namespace {

namespace fs = std::filesystem;

// Definitions with three parameters and a return value, for tests with the shipped model.
const std::string kShippedSources[] = {
    "def fetch(url, retries=3, timeout=10.0) -> bytes:\n"
    "    for attempt in range(retries):\n"
    "        data = download(url, timeout=timeout)\n"
    "        if data:\n"
    "            return data\n"
    "    raise IOError(url)\n",
    "def load_config(path, encoding='utf-8', strict=False) -> dict:\n"
    "    with open(path, encoding=encoding) as f:\n"
    "        return json.load(f, strict=strict)\n",
    "def add_item(self, item, quantity=1, replace=False) -> None:\n"
    "    self._items[item.sku] = item\n"
    "    item.quantity += quantity\n"
    "    return None\n",
};

const std::string kFetch = "def fetch(url, retries=3):\n    return download(url, retries)\n";

} // namespace

TEST_CASE("grounded_share counts the text's content words found in the code") {
  const std::string code = "def load_inventory(path):\n    items = read_items(path)\n";
  CHECK(grounded_share("Load the inventory from a path.", code) == Approx(1.0));
  // "inventory" and "items" are grounded, "warehouse" is not; "the"/"return" are not content.
  CHECK(grounded_share("Return the inventory items of the warehouse.", code) == Approx(2.0 / 3));
  CHECK(grounded_share("Return the value.", code) == 0.0); // no content word at all
  CHECK(grounded_share("Send a sentence to the server.", code) == 0.0);
  CHECK(grounded_in("Read the items.", code));
  CHECK_FALSE(grounded_in("Send a sentence to the server.", code));
}

TEST_CASE("a gate accepts a field only above both thresholds") {
  GateThreshold t{-1.0, 0.5};
  CHECK(t.accepts({-0.5, 0.5}));
  CHECK_FALSE(t.accepts({-1.5, 1.0}));
  CHECK_FALSE(t.accepts({-0.5, 0.4}));
  CHECK_FALSE(GateThreshold::closed().accepts({0.0, 1.0}));
  CHECK(GateThreshold::open().accepts({-1e9, 0.0}));
  CHECK(ConfidenceGate::open().calibrated());
  CHECK_FALSE(ConfidenceGate::closed().calibrated());
}

TEST_CASE("a closed gate decodes nothing, a gate that may accept decodes and reports the field") {
  auto m = tiny_model();
  auto parsed = parser::parse_python(kFetch);
  const auto& def = parsed.definitions.back();
  const auto window = parser::context_window(kFetch, def);

  CHECK(GateThreshold::closed().accepts_nothing());
  CHECK_FALSE(GateThreshold::open().accepts_nothing());
  CHECK(GateThreshold{-1.0, 1.5}.accepts_nothing()); // no share is above 1
  CHECK_FALSE(GateThreshold{-0.001, 1.0}.accepts_nothing());

  ModelProviderOptions options;
  options.beam_width = 1;
  options.max_tokens = 12;
  options.gate = ConfidenceGate::closed();
  ModelSummaryProvider closed(m, options);
  std::vector<FieldRecord> seen;
  closed.set_field_observer([&](const FieldRecord& r) { seen.push_back(r); });
  auto text = closed.describe(def, window);
  CHECK(text.summary.empty());
  CHECK(text.params.empty());
  CHECK(seen.empty()); // nothing asked: the closed summary gate could never let a field through
  CHECK(closed.stats().asked == 0);
  CHECK(closed.stats().tokens == 0);

  // A strict gate that is not closed: the summary is decoded, scored and refused.
  options.gate.summary.min_mean_logprob = -0.001;
  ModelSummaryProvider strict(m, options);
  strict.set_field_observer([&](const FieldRecord& r) { seen.push_back(r); });
  text = strict.describe(def, window);
  CHECK(text.summary.empty());
  REQUIRE(seen.size() == 1); // the summary; nothing more is asked once it is not written
  CHECK(seen[0].task == PromptTask::Summary);
  CHECK(std::isfinite(seen[0].confidence.mean_logprob)); // scored even with beam width 1
  CHECK(seen[0].confidence.mean_logprob < 0);
  CHECK_FALSE(seen[0].written());
  CHECK(strict.stats().tokens > 0);
  CHECK(strict.stats().accepted == 0);
  CHECK(strict.stats().gated_out + strict.stats().rejected == 1);
}

TEST_CASE("a docstring's fields decoded together are exactly the fields asked one by one") {
  // The shipped model, so that a summary passes the guards and the other fields are asked; the
  // first of these definitions whose summary it writes is used.
  const auto path = std::string(AXL_SOURCE_DIR) + "/models/axl-docs-lion.gguf";
  auto m = std::make_shared<const model::Model>(model::load_model(path));
  ModelProviderOptions options; // open gate, beam 4
  options.grounded_summary = false;
  int checked = 0;
  for (const auto& src : kShippedSources) {
    auto parsed = parser::parse_python(src);
    const auto& def = parsed.definitions.back();
    const auto window = parser::context_window(src, def);
    ModelSummaryProvider together(m, options);
    std::vector<FieldRecord> seen;
    together.set_field_observer([&](const FieldRecord& r) { seen.push_back(r); });
    together.describe(def, window);
    if (seen.empty() || !seen[0].written()) continue;
    REQUIRE(seen.size() == 5); // summary, 3 parameters, returns
    ModelSummaryProvider alone(m, options);
    for (const auto& rec : seen) {
      PromptRequest req;
      req.task = rec.task;
      req.code = window;
      if (rec.task != PromptTask::Summary) req.summary = seen[0].text;
      req.param = rec.param;
      bool complete = false;
      double lp = 0;
      const std::string text = alone.ask(req, {}, &complete, &lp);
      INFO(task_name(rec.task) << " " << rec.param << ": " << text);
      CHECK(lp == rec.confidence.mean_logprob); // bit for bit
      if (complete) CHECK(tidy_field(text) == rec.text);
    }
    ++checked;
  }
  CHECK(checked >= 1);
}

TEST_CASE("definitions described together get exactly what each gets alone") {
  // The shipped model with the gate open: summaries pass, so parameters and returns are asked
  // too, across definitions, in one batch (and in two: more prompts than one batch holds).
  const auto path = std::string(AXL_SOURCE_DIR) + "/models/axl-docs-lion.gguf";
  auto m = std::make_shared<const model::Model>(model::load_model(path));
  std::string src;
  for (int i = 0; i < 6; ++i)
    src += fmt::format("def load_{0}(path, encoding='utf-8', strict=False) -> dict:\n"
                       "    with open(path, encoding=encoding) as f:\n"
                       "        return json.load(f, strict=strict) or {{'n': {0}}}\n",
                       i);
  src += "class Store:\n    def add_item(self, item, quantity=1):\n"
         "        self._items[item.sku] = item\n        item.quantity += quantity\n";
  auto parsed = parser::parse_python(src);
  std::vector<std::string> windows;
  std::vector<docstring::SummaryProvider::Request> requests;
  for (const auto& def : parsed.definitions) windows.push_back(parser::context_window(src, def));
  for (size_t i = 0; i < parsed.definitions.size(); ++i)
    requests.push_back({&parsed.definitions[i], windows[i]});
  ModelProviderOptions options; // open gate, beam 4
  options.grounded_summary = false;
  ModelSummaryProvider together(m, options);
  int fields = 0;
  together.set_field_observer([&](const FieldRecord&) { ++fields; });
  const auto all = together.describe_all(requests);
  REQUIRE(all.size() == requests.size());
  CHECK(fields > 16); // the parameters and returns needed a second batch
  int written = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    ModelSummaryProvider alone(m, options);
    const auto one = alone.describe(*requests[i].def, requests[i].context_window);
    INFO(parsed.definitions[i].qualified_name);
    CHECK(one.summary == all[i].summary);
    CHECK(one.params == all[i].params);
    CHECK(one.returns == all[i].returns);
    written += !one.summary.empty();
  }
  CHECK(written >= 1);
}

TEST_CASE("a closed parameter gate skips the parameters, the summary and returns are decoded") {
  // The shipped model (a summary must be written for the other fields to be asked), with its
  // summary and returns gates open and its parameter gate closed.
  const auto path = std::string(AXL_SOURCE_DIR) + "/models/axl-docs-lion.gguf";
  auto m = std::make_shared<const model::Model>(model::load_model(path));
  ModelProviderOptions options;
  options.grounded_summary = false;
  options.gate.param = GateThreshold::closed();
  int checked = 0;
  for (const auto& src : kShippedSources) {
    auto parsed = parser::parse_python(src);
    const auto& def = parsed.definitions.back();
    ModelSummaryProvider provider(m, options);
    std::vector<FieldRecord> seen;
    provider.set_field_observer([&](const FieldRecord& r) { seen.push_back(r); });
    auto text = provider.describe(def, parser::context_window(src, def));
    if (seen.empty() || !seen[0].written()) continue;
    REQUIRE(seen.size() == 2); // the summary and the returns: no parameter was decoded
    CHECK(seen[1].task == PromptTask::Returns);
    CHECK(text.params.empty());
    ++checked;
    break;
  }
  CHECK(checked == 1);
}
