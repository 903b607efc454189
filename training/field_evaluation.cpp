#include "training/field_evaluation.h"

#include "docstring/facts.h"
#include "docstring/heuristic_summary.h"
#include "parser/python_parser.h"
#include "text/text_util.h"
#include "training/evaluation.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fmt/format.h>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

namespace axl::training {
namespace {

using text::strip_stars; // a parameter's name without its stars, as DocText keys it

void score(FieldOutcome& f) {
  const auto ref = metric_tokens(f.reference);
  const auto m = metric_tokens(f.model), h = metric_tokens(f.heuristic);
  f.model_bleu = sentence_bleu4(m, ref);
  f.model_rouge = rouge_l_f1(m, ref);
  f.heuristic_bleu = sentence_bleu4(h, ref);
  f.heuristic_rouge = rouge_l_f1(h, ref);
}

} // namespace

std::optional<parser::Definition> sample_definition(const Sample& s) {
  std::string code;
  for (const auto& d : s.decorators) code += "@" + d + "\n";
  code += s.code;
  auto parsed = parser::parse_python(code);
  for (auto& def : parsed.definitions) {
    if (def.kind == parser::DefKind::Module) continue;
    def.qualified_name = s.qualified_name;
    if (s.kind == parser::DefKind::Method) def.kind = parser::DefKind::Method;
    return std::move(def);
  }
  return std::nullopt;
}

SampleOutcome run_fields(const Sample& s, prose::ModelSummaryProvider& provider) {
  if (provider.options().gate.calibration != prose::ConfidenceGate::open().calibration)
    throw std::invalid_argument("run_fields needs a provider with an open gate");
  const auto def = sample_definition(s);
  docstring::DocText heuristic;
  if (def) docstring::fill_gaps(heuristic, *def);
  std::vector<prose::FieldRecord> records;
  if (def) {
    provider.set_field_observer([&](const prose::FieldRecord& r) { records.push_back(r); });
    provider.describe(*def, s.code);
    provider.set_field_observer(nullptr);
  }
  auto fill_from = [&](FieldOutcome& f) {
    for (const auto& r : records)
      if (r.task == f.task && strip_stars(r.param) == f.param) {
        f.model = r.text;
        f.guards_ok = r.rejection.empty() && !r.text.empty();
        f.confidence = r.confidence;
      }
    score(f);
  };
  SampleOutcome out;
  FieldOutcome summary;
  summary.reference = s.summary;
  summary.heuristic = def ? heuristic.summary : name_split_for(s);
  fill_from(summary);
  out.fields.push_back(std::move(summary));
  if (!def) return out;
  for (const parser::Parameter* p : docstring::documentable_params(*def)) {
    const auto name = strip_stars(p->name);
    auto doc = std::find_if(s.params.begin(), s.params.end(),
                            [&](const auto& sp) { return strip_stars(sp.name) == name; });
    if (doc == s.params.end() || doc->description.empty()) continue;
    FieldOutcome f;
    f.task = prose::PromptTask::Param;
    f.param = std::string(name);
    f.reference = doc->description;
    if (auto h = heuristic.params.find(name); h != heuristic.params.end()) f.heuristic = h->second;
    fill_from(f);
    out.fields.push_back(std::move(f));
  }
  if (!s.returns.empty() && docstring::documents_returns(*def)) {
    FieldOutcome f;
    f.task = prose::PromptTask::Returns;
    f.reference = s.returns;
    f.heuristic = heuristic.returns;
    fill_from(f);
    out.fields.push_back(std::move(f));
  }
  return out;
}

std::vector<SampleOutcome> run_fields_parallel(const std::vector<Sample>& samples,
                                               std::shared_ptr<const model::Model> model,
                                               prose::ModelProviderOptions decoding, size_t limit,
                                               int jobs) {
  const size_t n = limit ? std::min(limit, samples.size()) : samples.size();
  std::vector<SampleOutcome> out(n);
  if (jobs <= 0) jobs = int(std::max(1u, std::thread::hardware_concurrency()));
  decoding.gate = prose::ConfidenceGate::open();
  std::atomic<size_t> next{0}, done{0};
  std::mutex print_mu;
  std::exception_ptr error;
  auto work = [&] {
    try {
      prose::ModelSummaryProvider provider(model, decoding);
      for (size_t i; (i = next.fetch_add(1)) < n;) {
        out[i] = run_fields(samples[i], provider);
        if (size_t d = ++done; d % 100 == 0) {
          std::lock_guard lock(print_mu);
          fmt::print(stderr, "eval: {} of {} samples\n", d, n);
        }
      }
    } catch (...) {
      std::lock_guard lock(print_mu);
      if (!error) error = std::current_exception();
      next = n; // the other threads stop too
    }
  };
  {
    std::vector<std::jthread> threads;
    for (int t = 1; t < jobs; ++t) threads.emplace_back(work);
    work();
  }
  if (error) std::rethrow_exception(error);
  return out;
}

bool model_writes(const SampleOutcome& s, const FieldOutcome& f,
                  const prose::ConfidenceGate& gate) {
  if (!f.guards_ok || !gate.for_task(f.task).accepts(f.confidence)) return false;
  return f.task == prose::PromptTask::Summary || model_writes(s, s.fields.front(), gate);
}

GatedScores score_task(const std::vector<SampleOutcome>& samples, prose::PromptTask task,
                       const prose::ConfidenceGate& gate) {
  GatedScores g;
  for (const auto& s : samples)
    for (const auto& f : s.fields) {
      if (f.task != task || f.reference.empty()) continue;
      ++g.fields;
      g.raw.add_scores(f.model_bleu, f.model_rouge);
      g.heuristic.add_scores(f.heuristic_bleu, f.heuristic_rouge);
      if (model_writes(s, f, gate)) {
        ++g.written;
        g.gated.add_scores(f.model_bleu, f.model_rouge);
        g.model_on_written.add_scores(f.model_bleu, f.model_rouge);
        g.heuristic_on_written.add_scores(f.heuristic_bleu, f.heuristic_rouge);
      } else {
        g.gated.add_scores(f.heuristic_bleu, f.heuristic_rouge);
      }
    }
  return g;
}

namespace {

// About 40 log-prob thresholds spread over the observed values (quantiles), plus "never".
std::vector<double> logprob_candidates(const std::vector<SampleOutcome>& samples,
                                       prose::PromptTask task) {
  std::vector<double> seen;
  for (const auto& s : samples)
    for (const auto& f : s.fields)
      if (f.task == task && f.guards_ok && std::isfinite(f.confidence.mean_logprob))
        seen.push_back(f.confidence.mean_logprob);
  std::sort(seen.begin(), seen.end());
  std::vector<double> out;
  for (int q = 0; q < 40 && !seen.empty(); ++q) out.push_back(seen[seen.size() * q / 40]);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

} // namespace

prose::ConfidenceGate calibrate_gate(const std::vector<SampleOutcome>& samples,
                                     const CalibrationOptions& o) {
  prose::ConfidenceGate gate = prose::ConfidenceGate::closed();
  gate.calibration = fmt::format("{} samples; margin {:.1f}", samples.size(), o.margin);
  for (prose::PromptTask task :
       prose::kPromptTasks) { // summary first: the others are asked only after it
    double best = -1;
    for (double lp : logprob_candidates(samples, task))
      for (double grounded : {0.0, 0.2, 0.34, 0.5, 0.67, 1.0}) {
        prose::ConfidenceGate trial = gate;
        trial.for_task(task) = {lp, grounded};
        const auto sc = score_task(samples, task, trial);
        if (sc.written < o.min_written) continue;
        if (sc.model_on_written.bleu4() < sc.heuristic_on_written.bleu4() + o.margin ||
            sc.model_on_written.rouge_l() < sc.heuristic_on_written.rouge_l() + o.margin)
          continue;
        const double objective = sc.gated.bleu4() + sc.gated.rouge_l();
        // Candidates come looser first: on a tie the stricter one (writing less) wins.
        if (objective >= best - 1e-9) {
          best = objective;
          gate.for_task(task) = trial.for_task(task);
        }
      }
  }
  return gate;
}

void write_outcomes_jsonl(const std::string& path, const std::vector<Sample>& samples,
                          const std::vector<SampleOutcome>& outcomes,
                          const prose::ConfidenceGate& gate) {
  std::string text;
  for (size_t i = 0; i < outcomes.size() && i < samples.size(); ++i) {
    const auto& s = samples[i];
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : outcomes[i].fields) {
      const bool written = model_writes(outcomes[i], f, gate);
      fields.push_back({{"task", prose::task_name(f.task)},
                        {"param", f.param},
                        {"reference", f.reference},
                        {"model", f.model},
                        {"heuristic", f.heuristic},
                        {"default", written ? f.model : f.heuristic},
                        {"written", written},
                        {"guards_ok", f.guards_ok},
                        {"mean_logprob", std::isfinite(f.confidence.mean_logprob)
                                             ? nlohmann::json(f.confidence.mean_logprob)
                                             : nlohmann::json(nullptr)},
                        {"grounded", f.confidence.grounded}});
    }
    nlohmann::json row = {
        {"package", s.package}, {"path", s.path}, {"qualified_name", s.qualified_name},
        {"kind", int(s.kind)},  {"code", s.code}, {"fields", fields}};
    text += row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  model::atomic_write_file(path, [&](std::FILE* f) {
    if (std::fwrite(text.data(), 1, text.size(), f) != text.size())
      throw std::runtime_error("cannot write " + path);
  });
}

std::string format_gate_report(const std::vector<SampleOutcome>& samples,
                               const prose::ConfidenceGate& gate) {
  std::string out;
  for (prose::PromptTask task : prose::kPromptTasks) {
    const auto sc = score_task(samples, task, gate);
    const auto& th = gate.for_task(task);
    const bool closed = std::isinf(th.min_mean_logprob) && th.min_mean_logprob > 0;
    out += fmt::format("{} ({} fields with a reference); gate: {}\n", prose::task_name(task),
                       sc.fields,
                       closed ? std::string("closed (the heuristic writes them all)")
                              : fmt::format("mean log-prob >= {:.3f}, grounded >= {:.2f}",
                                            th.min_mean_logprob, th.min_grounded));
    out += fmt::format("  {:<34} {:>6} {:>8} {:>8}\n", "writer", "n", "BLEU-4", "ROUGE-L");
    auto row = [&](std::string_view name, const SummaryScores& s) {
      out +=
          fmt::format("  {:<34} {:>6} {:>8.2f} {:>8.2f}\n", name, s.count, s.bleu4(), s.rouge_l());
    };
    row("default (gated: model or heuristic)", sc.gated);
    row("heuristic", sc.heuristic);
    row("model, raw (no guards, no gate)", sc.raw);
    const double share = sc.fields ? 100.0 * double(sc.written) / double(sc.fields) : 0.0;
    out += fmt::format("  the model writes {} of {} ({:.1f}%); on those:\n", sc.written, sc.fields,
                       share);
    row("  model", sc.model_on_written);
    row("  heuristic", sc.heuristic_on_written);
  }
  return out;
}

} // namespace axl::training
