// The confidence gate: grounding, thresholds stored in the model file, calibration on outcomes,
// and the provider writing only what the gate accepts.
#include "training/confidence_gate.h"
#include "training/field_evaluation.h"
#include "training/model_provider.h"
#include "training/word_dictionary.h"

#include "model/model_file.h"
#include "model/weights.h"
#include "parser/context_window.h"
#include "parser/python_parser.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <unistd.h>

using namespace axl;
using namespace axl::training;

namespace {

namespace fs = std::filesystem;

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("axl-gate-" + std::to_string(getpid()) + "-" + name);
}

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

// A random model small enough to decode in a test (answers are noise, but they are decoded).
std::shared_ptr<const model::Model> tiny_model() {
  model::Config cfg;
  cfg.d_model = 16, cfg.n_head = 2, cfg.n_layer = 1, cfg.d_ff = 32, cfg.ctx = 256;
  auto params = std::make_shared<model::ParamBuffer>(cfg);
  model::init_random(*params, 11, 0.02f);
  return std::make_shared<const model::Model>(model::model_from_params(params));
}

FieldOutcome field(PromptTask task, double lp, double model_score, double heuristic_score,
                   bool guards_ok = true) {
  FieldOutcome f;
  f.task = task;
  f.reference = "reference";
  f.guards_ok = guards_ok;
  f.confidence = {lp, 1.0};
  f.model_bleu = f.model_rouge = model_score;
  f.heuristic_bleu = f.heuristic_rouge = heuristic_score;
  return f;
}

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

TEST_CASE("the gate round-trips through the model file, a file without one is closed") {
  model::Config cfg;
  cfg.d_model = 16, cfg.n_head = 2, cfg.n_layer = 1, cfg.d_ff = 32, cfg.ctx = 64;
  auto params = std::make_shared<model::ParamBuffer>(cfg);
  model::init_random(*params, 3, 0.02f);
  const auto plain = temp_path("plain.gguf"), gated = temp_path("gated.gguf");
  model::save_model(plain.string(), cfg, params->w, model::DType::F32);

  auto file = model::GgufFile::open(plain.string());
  auto none = gate_from_gguf(*file);
  CHECK_FALSE(none.calibrated());
  CHECK_FALSE(none.summary.accepts({0.0, 1.0}));

  ConfidenceGate g;
  g.calibration = "test";
  g.summary = {-0.75, 0.34};
  g.param = GateThreshold::closed(); // +inf survives the f32 key
  g.returns = GateThreshold::open();
  write_gate(plain.string(), gated.string(), g);
  auto back = gate_from_gguf(*model::GgufFile::open(gated.string()));
  CHECK(back.calibration == "test");
  CHECK(back.summary.min_mean_logprob == Approx(-0.75));
  CHECK(back.summary.min_grounded == Approx(0.34));
  CHECK(std::isinf(back.param.min_mean_logprob));
  CHECK(back.param.min_mean_logprob > 0);
  CHECK(back.returns.accepts({-1e9, 0.0}));
  // The weights are the same model: it still loads, and calibrating again replaces the keys.
  auto m = model::load_model(gated.string());
  CHECK(m.cfg.d_model == 16);
  g.summary = {-0.5, 0.0};
  write_gate(gated.string(), gated.string(), g);
  CHECK(gate_from_gguf(*model::GgufFile::open(gated.string())).summary.min_mean_logprob ==
        Approx(-0.5));
  fs::remove(plain);
  fs::remove(gated);
}

TEST_CASE("calibration keeps the confident fields where the model beats the heuristic") {
  std::vector<SampleOutcome> samples;
  // 60 samples: confident summaries (mean log-prob -0.2) are good, unsure ones (-2) are bad.
  for (int i = 0; i < 60; ++i) {
    SampleOutcome s;
    const bool sure = i % 2 == 0;
    s.fields.push_back(field(PromptTask::Summary, sure ? -0.2 : -2.0, sure ? 0.6 : 0.05, 0.3));
    // Parameters: never better than the heuristic.
    s.fields.push_back(field(PromptTask::Param, -0.1, 0.1, 0.3));
    samples.push_back(s);
  }
  const auto gate = calibrate_gate(samples);
  CHECK(gate.calibrated());
  CHECK(gate.summary.min_mean_logprob > -2.0);
  CHECK(gate.summary.min_mean_logprob <= -0.2);
  CHECK_FALSE(gate.param.accepts({0.0, 1.0}));   // closed: the model never wins there
  CHECK_FALSE(gate.returns.accepts({0.0, 1.0})); // no fields at all: closed

  const auto sc = score_task(samples, PromptTask::Summary, gate);
  CHECK(sc.written == 30);
  CHECK(sc.gated.rouge_l() == Approx(100.0 * (30 * 0.6 + 30 * 0.3) / 60));
  CHECK(sc.model_on_written.rouge_l() > sc.heuristic_on_written.rouge_l());

  // A parameter is written only when its summary is.
  const auto& unsure = samples[1];
  CHECK(model_writes(unsure, unsure.fields[1], ConfidenceGate::open()));
  ConfidenceGate strict = ConfidenceGate::open();
  strict.summary = gate.summary;
  CHECK_FALSE(model_writes(unsure, unsure.fields[1], strict));
  CHECK(model_writes(samples[0], samples[0].fields[1], strict));
}

TEST_CASE("too few written fields, or no margin over the heuristic, keep the gate closed") {
  std::vector<SampleOutcome> samples;
  for (int i = 0; i < 60; ++i) {
    SampleOutcome s;
    // Only 10 good summaries: below min_written (20).
    s.fields.push_back(field(PromptTask::Summary, i < 10 ? -0.1 : -3.0, i < 10 ? 0.9 : 0.0, 0.3));
    samples.push_back(s);
  }
  CHECK_FALSE(calibrate_gate(samples).summary.accepts({0.0, 1.0}));
  for (auto& s : samples) s.fields[0] = field(PromptTask::Summary, -0.1, 0.31, 0.3);
  CHECK_FALSE(calibrate_gate(samples).summary.accepts({0.0, 1.0})); // 1 point < the 2-point margin
  CalibrationOptions loose;
  loose.margin = 0.5;
  CHECK(calibrate_gate(samples, loose).summary.accepts({0.0, 1.0}));
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

TEST_CASE("eval and calibrate decode every field, whatever gate their options carry") {
  // run_fields_parallel is how both get the raw answers; a closed gate must not starve them.
  Sample s;
  s.qualified_name = "fetch";
  s.code = parser::context_window(kFetch, parser::parse_python(kFetch).definitions.back());
  s.summary = "Fetch the url.";
  ModelProviderOptions decoding;
  decoding.gate = ConfidenceGate::closed();
  decoding.beam_width = 1;
  decoding.max_tokens = 12;
  const auto outcomes = run_fields_parallel({s}, tiny_model(), decoding, 0, 1);
  REQUIRE(outcomes.size() == 1);
  REQUIRE_FALSE(outcomes[0].fields.empty());
  CHECK(outcomes[0].fields[0].task == PromptTask::Summary);
  CHECK(std::isfinite(outcomes[0].fields[0].confidence.mean_logprob)); // decoded and scored
}

TEST_CASE("the word dictionary rejects invented words, not the code's own") {
  training::Sample a, b;
  a.docstring = "Return the dictionary of numbers.\n\nArgs:\n    path: Where the inventory is.";
  b.docstring = "Read the dictionary from a path; numbers are ints. Return it.";
  a.docstring += " Read it.";
  auto dict = WordDictionary::from_samples({a, b});
  CHECK(dict.contains("dictionary"));
  CHECK(dict.contains("numbers"));
  CHECK_FALSE(dict.contains("inventory")); // once only
  const std::string code = "def wrap_numbers(inputMap, frobnicate):\n    pass\n";
  CHECK(invented_word("Return the dictionary of numbers.", code, dict) == std::nullopt);
  CHECK(invented_word("The dictionary of dictional dictionant.", code, dict) == "dictional");
  // Words of the code (snake_case and camelCase parts, whole identifiers) are fine.
  CHECK(invented_word("Frobnicate the input map.", code, dict) == std::nullopt);
  CHECK(invented_word("Read the inputmap.", code, dict) == std::nullopt);
  CHECK(invented_word("anything at all", code, WordDictionary{}) == std::nullopt);

  // Round trip through a model file, with the gate.
  model::Config cfg;
  cfg.d_model = 16, cfg.n_head = 2, cfg.n_layer = 1, cfg.d_ff = 32, cfg.ctx = 64;
  auto params = std::make_shared<model::ParamBuffer>(cfg);
  model::init_random(*params, 3, 0.02f);
  const auto plain = temp_path("words.gguf");
  model::save_model(plain.string(), cfg, params->w, model::DType::F32);
  CHECK(WordDictionary::from_gguf(*model::GgufFile::open(plain.string())).empty());
  write_gate(plain.string(), plain.string(), ConfidenceGate::open(), &dict);
  auto back = WordDictionary::from_gguf(*model::GgufFile::open(plain.string()));
  CHECK(back.size() == dict.size());
  CHECK(back.contains("dictionary"));
  fs::remove(plain);
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
