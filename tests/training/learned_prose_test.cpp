// A model trained on a few answers through the training sequences writes them back through the
// provider: the prompt layout is the same at training and at inference.
#include "prose/model_summary_provider.h"
#include "training/training_sequences.h"

#include "docstring/composer.h"
#include "docstring/facts.h"
#include "docstring/heuristic_summary.h"
#include "model/trainer.h"
#include "model/weights.h"
#include "parser/context_window.h"
#include "parser/python_parser.h"
#include "text/text_util.h"

#include <catch2/catch.hpp>

#include <fmt/format.h>

using namespace axl;
using prose::PromptTask;

namespace {

parser::Definition parse_def(const std::string& src, const std::string& name) {
  for (auto& d : parser::parse_python(src).definitions)
    if (d.name == name) return d;
  FAIL("no definition " << name);
  return {};
}

} // namespace

TEST_CASE("a model that learned its answers writes the prose, and the parser keeps the facts",
          "[provider][trained]") {
  // A small model overfits the three answers of one function, taught exactly as `train` does.
  model::Config cfg = model::Config::tiny();
  cfg.ctx = static_cast<int>(prose::kContextTokens);
  cfg.d_model = 32, cfg.n_head = 2, cfg.d_ff = 64, cfg.n_layer = 1;
  model::TrainHyper h;
  h.lr = 1e-2f, h.min_lr = 1e-3f, h.warmup_steps = 10, h.total_steps = 300;
  h.weight_decay = 0.0f, h.threads = 1;
  model::Trainer trainer(cfg, h, 5);
  const std::string src = "def fetch(url, retries):\n    return download(url, retries)\n";
  const auto def = parse_def(src, "fetch");
  const std::string window = parser::context_window(src, def);
  const std::string summary = "Fetch a page, trying again on failure.";
  std::vector<std::vector<int>> seqs;
  std::vector<std::vector<float>> weights;
  auto teach = [&](prose::PromptTask task, std::string_view param, std::string_view answer,
                   std::string_view code) {
    prose::PromptRequest r;
    r.task = task;
    r.code = code;
    r.summary = summary;
    r.param = param;
    auto seq = training::build_training_sequence(r, answer);
    seqs.push_back(seq.tokens);
    weights.push_back(seq.weights);
  };
  teach(prose::PromptTask::Summary, "", summary, window);
  teach(prose::PromptTask::Param, "url", "Where the page is.", window);
  teach(prose::PromptTask::Param, "retries", "How often to try again.", window);
  teach(prose::PromptTask::Returns, "", "aaaa aaaa", window); // a bad answer: the guards drop it
  // A summary in other words than its code's: dropped unless grounded_summary is off.
  const std::string svd_src = "def svd(a):\n    return a\n";
  const auto svd = parse_def(svd_src, "svd");
  const std::string svd_window = parser::context_window(svd_src, svd);
  teach(prose::PromptTask::Summary, "", "Singular value decomposition.", svd_window);
  const auto batch = model::TrainBatch::from_weighted(seqs, weights, cfg.ctx);
  double loss = 0;
  for (int i = 0; i < h.total_steps; ++i) loss = trainer.step(batch).stats.loss;
  INFO("final loss " << loss);
  REQUIRE(loss < 0.05);

  auto m = std::make_shared<const model::Model>(trainer.model());
  prose::ModelSummaryProvider provider(m);
  auto text = provider.describe(def, window);
  CHECK(text.summary == summary);
  CHECK(text.params.at("url") == "Where the page is.");
  CHECK(text.params.at("retries") == "How often to try again.");
  CHECK(text.returns.empty());
  CHECK(provider.stats().asked == 4);
  CHECK(provider.stats().accepted == 3);
  CHECK(provider.last_rejection() == "repeats the byte 'a'");

  prose::ModelSummaryProvider grounded(m);
  const auto svd_text = grounded.describe(svd, svd_window);
  CHECK(svd_text.summary.empty());
  // Without the model's summary the rest is the heuristic's: not even asked.
  CHECK(grounded.stats().asked == 1);
  CHECK(svd_text.params.empty());
  CHECK(svd_text.returns.empty());
  prose::ModelProviderOptions free_opts;
  free_opts.grounded_summary = false;
  prose::ModelSummaryProvider ungrounded(m, free_opts);
  CHECK(ungrounded.describe(svd, svd_window).summary == "Singular value decomposition.");

  // Composed: the model's words, the type-only returns, exactly the signature's parameters.
  const auto parsed = parser::parse_python(src);
  prose::ModelSummaryProvider fresh(m);
  auto doc = docstring::compose_docstring(src, parsed.definitions.at(1), fresh, {});
  CHECK(doc.text == "Fetch a page, trying again on failure.\n"
                    "\n"
                    "Args:\n"
                    "    url: Where the page is.\n"
                    "    retries: How often to try again.\n"
                    "\n"
                    "Returns:\n"
                    "    object"); // nothing worth writing: the type alone, not "The result."
}
