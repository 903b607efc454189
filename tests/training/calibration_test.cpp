// The confidence gate: grounding, thresholds stored in the model file, calibration on outcomes,
// and the provider writing only what the gate accepts.
#include "prose/confidence_gate.h"
#include "prose/model_summary_provider.h"
#include "prose/word_dictionary.h"
#include "training/calibration_file.h"
#include "training/corpus_words.h"
#include "training/field_evaluation.h"

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
using namespace axl::training;

namespace {

namespace fs = std::filesystem;

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("axl-gate-" + std::to_string(getpid()) + "-" + name);
}

const std::string kFetch = "def fetch(url, retries=3):\n    return download(url, retries)\n";

FieldOutcome field(prose::PromptTask task, double lp, double model_score, double heuristic_score,
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

TEST_CASE("the gate round-trips through the model file, a file without one is closed") {
  model::Config cfg;
  cfg.d_model = 16, cfg.n_head = 2, cfg.n_layer = 1, cfg.d_ff = 32, cfg.ctx = 64;
  auto params = std::make_shared<model::ParamBuffer>(cfg);
  model::init_random(*params, 3, 0.02f);
  const auto plain = temp_path("plain.gguf"), gated = temp_path("gated.gguf");
  model::save_model(plain.string(), cfg, params->w, model::DType::F32);

  auto file = model::GgufFile::open(plain.string());
  auto none = prose::gate_from_gguf(*file);
  CHECK_FALSE(none.calibrated());
  CHECK_FALSE(none.summary.accepts({0.0, 1.0}));

  prose::ConfidenceGate g;
  g.calibration = "test";
  g.summary = {-0.75, 0.34};
  g.param = prose::GateThreshold::closed(); // +inf survives the f32 key
  g.returns = prose::GateThreshold::open();
  write_gate(plain.string(), gated.string(), g);
  auto back = prose::gate_from_gguf(*model::GgufFile::open(gated.string()));
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
  CHECK(prose::gate_from_gguf(*model::GgufFile::open(gated.string())).summary.min_mean_logprob ==
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
    s.fields.push_back(
        field(prose::PromptTask::Summary, sure ? -0.2 : -2.0, sure ? 0.6 : 0.05, 0.3));
    // Parameters: never better than the heuristic.
    s.fields.push_back(field(prose::PromptTask::Param, -0.1, 0.1, 0.3));
    samples.push_back(s);
  }
  const auto gate = calibrate_gate(samples);
  CHECK(gate.calibrated());
  CHECK(gate.summary.min_mean_logprob > -2.0);
  CHECK(gate.summary.min_mean_logprob <= -0.2);
  CHECK_FALSE(gate.param.accepts({0.0, 1.0}));   // closed: the model never wins there
  CHECK_FALSE(gate.returns.accepts({0.0, 1.0})); // no fields at all: closed

  const auto sc = score_task(samples, prose::PromptTask::Summary, gate);
  CHECK(sc.written == 30);
  CHECK(sc.gated.rouge_l() == Approx(100.0 * (30 * 0.6 + 30 * 0.3) / 60));
  CHECK(sc.model_on_written.rouge_l() > sc.heuristic_on_written.rouge_l());

  // A parameter is written only when its summary is.
  const auto& unsure = samples[1];
  CHECK(model_writes(unsure, unsure.fields[1], prose::ConfidenceGate::open()));
  prose::ConfidenceGate strict = prose::ConfidenceGate::open();
  strict.summary = gate.summary;
  CHECK_FALSE(model_writes(unsure, unsure.fields[1], strict));
  CHECK(model_writes(samples[0], samples[0].fields[1], strict));
}

TEST_CASE("too few written fields, or no margin over the heuristic, keep the gate closed") {
  std::vector<SampleOutcome> samples;
  for (int i = 0; i < 60; ++i) {
    SampleOutcome s;
    // Only 10 good summaries: below min_written (20).
    s.fields.push_back(
        field(prose::PromptTask::Summary, i < 10 ? -0.1 : -3.0, i < 10 ? 0.9 : 0.0, 0.3));
    samples.push_back(s);
  }
  CHECK_FALSE(calibrate_gate(samples).summary.accepts({0.0, 1.0}));
  for (auto& s : samples) s.fields[0] = field(prose::PromptTask::Summary, -0.1, 0.31, 0.3);
  CHECK_FALSE(calibrate_gate(samples).summary.accepts({0.0, 1.0})); // 1 point < the 2-point margin
  CalibrationOptions loose;
  loose.margin = 0.5;
  CHECK(calibrate_gate(samples, loose).summary.accepts({0.0, 1.0}));
}

TEST_CASE("eval and calibrate decode every field, whatever gate their options carry") {
  // run_fields_parallel is how both get the raw answers; a closed gate must not starve them.
  Sample s;
  s.qualified_name = "fetch";
  s.code = parser::context_window(kFetch, parser::parse_python(kFetch).definitions.back());
  s.summary = "Fetch the url.";
  prose::ModelProviderOptions decoding;
  decoding.gate = prose::ConfidenceGate::closed();
  decoding.beam_width = 1;
  decoding.max_tokens = 12;
  const auto outcomes = run_fields_parallel({s}, tiny_model(), decoding, 0, 1);
  REQUIRE(outcomes.size() == 1);
  REQUIRE_FALSE(outcomes[0].fields.empty());
  CHECK(outcomes[0].fields[0].task == prose::PromptTask::Summary);
  CHECK(std::isfinite(outcomes[0].fields[0].confidence.mean_logprob)); // decoded and scored
}

TEST_CASE("the word dictionary is the words docstrings use twice, and it is stored with the gate") {
  training::Sample a, b;
  a.docstring = "Return the dictionary of numbers.\n\nArgs:\n    path: Where the inventory is.";
  b.docstring = "Read the dictionary from a path; numbers are ints. Return it.";
  a.docstring += " Read it.";
  auto dict = dictionary_from_samples({a, b});
  CHECK(dict.contains("dictionary"));
  CHECK(dict.contains("numbers"));
  CHECK_FALSE(dict.contains("inventory")); // once only

  // Round trip through a model file, with the gate.
  model::Config cfg;
  cfg.d_model = 16, cfg.n_head = 2, cfg.n_layer = 1, cfg.d_ff = 32, cfg.ctx = 64;
  auto params = std::make_shared<model::ParamBuffer>(cfg);
  model::init_random(*params, 3, 0.02f);
  const auto plain = temp_path("words.gguf");
  model::save_model(plain.string(), cfg, params->w, model::DType::F32);
  CHECK(prose::WordDictionary::from_gguf(*model::GgufFile::open(plain.string())).empty());
  write_gate(plain.string(), plain.string(), prose::ConfidenceGate::open(), &dict);
  auto back = prose::WordDictionary::from_gguf(*model::GgufFile::open(plain.string()));
  CHECK(back.size() == dict.size());
  CHECK(back.contains("dictionary"));
  fs::remove(plain);
}
