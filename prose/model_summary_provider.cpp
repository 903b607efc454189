#include "prose/model_summary_provider.h"

#include "docstring/facts.h"
#include "model/generate.h"
#include "prose/field_guards.h"
#include "prose/grounding.h"

#include <algorithm>
#include <atomic>
#include <fmt/format.h>
#include <limits>
#include <stop_token>

namespace axl::prose {

using parser::DefKind;

ModelSummaryProvider::ModelSummaryProvider(std::shared_ptr<const model::Model> model,
                                           ModelProviderOptions options)
    : ModelSummaryProvider(
          model, [m = model] { return std::make_shared<model::Decoder>(*m); }, options) {}

ModelSummaryProvider::ModelSummaryProvider(std::shared_ptr<const model::Model> model,
                                           DecoderSource take, ModelProviderOptions options)
    : model_(std::move(model)), take_(std::move(take)), decoder_(take_()), options_(options) {}

model::GenerateOptions ModelSummaryProvider::options_for(const PromptRequest& request,
                                                         size_t prompt_bytes,
                                                         const std::atomic<bool>* cancel) const {
  model::GenerateOptions opt;
  opt.add_bos = true;
  opt.stop_at_eos = true;
  opt.stop = {std::string(target_terminator(request.task))};
  if (request.task == PromptTask::Summary) opt.stop.push_back("\n"); // cut there anyway
  opt.sampling.temperature = options_.temperature;
  opt.sampling.top_k = options_.top_k;
  opt.sampling.top_p = options_.top_p;
  opt.sampling.seed = options_.seed;
  opt.no_repeat_bytes = options_.no_repeat_bytes;
  // The answer must fit the prompt format's context after BOS + prompt (room for EOS, as in
  // training), whatever window the decoder slides over.
  const int room = static_cast<int>(kContextTokens) - 2 - static_cast<int>(prompt_bytes);
  opt.max_new_tokens = std::max(1, std::min(options_.max_tokens, room));
  opt.cancel = cancel;
  return opt;
}

bool ModelSummaryProvider::deterministic() const {
  // Deterministic decoding always goes through BeamSearch (width 1 is greedy), which scores the
  // answer's log-probability for the confidence gate.
  return options_.temperature <= 0.0f;
}

model::BeamSearch& ModelSummaryProvider::beam() {
  if (!beam_) {
    std::vector<std::shared_ptr<model::Decoder>> decoders{decoder_};
    while (int(decoders.size()) < std::max(1, options_.beam_width)) decoders.push_back(take_());
    beam_ =
        std::make_unique<model::BeamSearch>(std::move(decoders), options_.length_penalty, take_);
  }
  return *beam_;
}

ModelSummaryProvider::Answer ModelSummaryProvider::answer(const PromptRequest& request,
                                                          const model::GenerateResult& r) {
  stats_.tokens += r.completion_tokens;
  stats_.seconds += r.prefill_seconds + r.decode_seconds;
  Answer a;
  if (r.finish_reason == "cancelled") return a;
  a.complete = r.finish_reason == "stop";
  if (deterministic() && r.completion_tokens > 0) a.mean_logprob = r.logprob / r.completion_tokens;
  a.text = finish_generation(request.task, r.text);
  return a;
}

std::vector<ModelSummaryProvider::Answer>
ModelSummaryProvider::ask_all(std::span<const PromptRequest> requests, std::stop_token stop) {
  std::vector<Answer> out(requests.size());
  if (stop.stop_requested() || requests.empty()) return out;
  std::atomic<bool> cancel{false};
  std::stop_callback on_stop(stop, [&cancel] { cancel.store(true, std::memory_order_relaxed); });
  std::vector<std::string> prompts;
  std::vector<model::GenerateOptions> opts;
  for (const auto& r : requests) {
    prompts.push_back(build_prompt(r));
    opts.push_back(options_for(r, prompts.back().size(), &cancel));
  }
  if (!deterministic()) {
    for (size_t i = 0; i < requests.size(); ++i)
      out[i] = answer(requests[i], model::generate(*decoder_, prompts[i], opts[i]));
    return out;
  }
  // Batched beam searches: the weights are read once per byte for every hypothesis of every
  // prompt of a batch, and each result is exactly what a search of its own would give. A batch
  // holds beam-width decoders (KV caches) per prompt, hence at most kMaxBatchPrompts of them.
  constexpr size_t kMaxBatchPrompts = 16;
  for (size_t begin = 0; begin < requests.size(); begin += kMaxBatchPrompts) {
    const size_t end = std::min(requests.size(), begin + kMaxBatchPrompts);
    std::vector<model::BeamJob> jobs;
    for (size_t i = begin; i < end; ++i) jobs.push_back({prompts[i], &opts[i], nullptr});
    auto results = jobs.size() == 1 ? std::vector{beam().run(prompts[begin], opts[begin])}
                                    : beam().run_many(jobs);
    for (size_t i = begin; i < end; ++i) out[i] = answer(requests[i], results[i - begin]);
  }
  return out;
}

std::string ModelSummaryProvider::ask(const PromptRequest& request, std::stop_token stop,
                                      bool* complete, double* mean_logprob) {
  const auto a = ask_all(std::span(&request, 1), stop).front();
  if (complete) *complete = a.complete;
  if (mean_logprob) *mean_logprob = a.mean_logprob;
  return a.text;
}

std::string ModelSummaryProvider::accept(const PromptRequest& request, Answer a) {
  FieldRecord rec;
  rec.task = request.task;
  rec.param = std::string(request.param);
  rec.confidence.mean_logprob = a.mean_logprob;
  ++stats_.asked;
  if (!a.complete) a.text = whole_sentences(a.text);
  rec.text = tidy_field(a.text);
  auto why = reject_reason(request.task, rec.text, request.code, request.param);
  if (!why && options_.dictionary)
    if (auto word = invented_word(rec.text, request.code, *options_.dictionary))
      why = "uses the word \"" + *word + "\", which is neither in the corpus nor in the code";
  if (!why && request.task == PromptTask::Summary && options_.grounded_summary &&
      !grounded_in(rec.text, request.code))
    why = "shares no word with the code";
  rec.confidence.grounded = grounded_share(rec.text, request.code);
  if (why) {
    rec.rejection = *why;
    ++stats_.rejected;
    last_rejection_ = *why;
  } else if (!options_.gate.for_task(request.task).accepts(rec.confidence)) {
    rec.gated_out = true;
    ++stats_.gated_out;
    last_rejection_ =
        fmt::format("below the confidence gate (mean log-prob {:.3f}, grounded {:.2f})",
                    rec.confidence.mean_logprob, rec.confidence.grounded);
  } else {
    ++stats_.accepted;
  }
  if (observer_) observer_(rec);
  return rec.written() ? rec.text : std::string();
}

docstring::DocText ModelSummaryProvider::describe(const parser::Definition& def,
                                                  std::string_view context_window,
                                                  std::stop_token stop) {
  const Request one{&def, context_window};
  return describe_all(std::span(&one, 1), stop).front();
}

std::vector<docstring::DocText>
ModelSummaryProvider::describe_all(std::span<const Request> requests, std::stop_token stop) {
  std::vector<docstring::DocText> out(requests.size());
  // A field whose gate is closed could never be written: it is not decoded at all. A closed
  // summary gate means no decoding (the heuristic writes the whole docstring); `eval` and
  // `calibrate` see every field because they ask with an open gate (run_fields).
  const ConfidenceGate& gate = options_.gate;
  if (gate.summary.accepts_nothing()) return out;
  std::vector<PromptRequest> summaries;
  std::vector<size_t> owner; // summaries[k] belongs to requests[owner[k]]
  for (size_t i = 0; i < requests.size(); ++i) {
    // Modules are not in the training data: their prose stays the heuristic's.
    if (requests[i].def->kind == DefKind::Module) continue;
    PromptRequest r;
    r.code = requests[i].context_window;
    r.task = PromptTask::Summary;
    summaries.push_back(r);
    owner.push_back(i);
  }
  auto first = ask_all(summaries, stop);
  if (stop.stop_requested()) return out;
  // A summary that fails the guards or the gate means the model has not understood the
  // definition: its parameter and return descriptions would be no better, so the heuristic
  // writes the whole docstring, and faster. The other fields echo the summary the docstring
  // carries; they are independent of each other, so they are decoded together.
  std::vector<PromptRequest> rest;
  std::vector<size_t> rest_owner;
  for (size_t k = 0; k < summaries.size(); ++k) {
    auto& t = out[owner[k]];
    t.summary = accept(summaries[k], std::move(first[k]));
    if (t.summary.empty()) continue;
    const parser::Definition& def = *requests[owner[k]].def;
    PromptRequest r = summaries[k];
    r.summary = t.summary;
    if (!gate.param.accepts_nothing())
      for (const parser::Parameter* p : docstring::documentable_params(def)) {
        r.task = PromptTask::Param;
        r.param = p->name;
        rest.push_back(r);
        rest_owner.push_back(owner[k]);
      }
    if (!gate.returns.accepts_nothing() && docstring::documents_returns(def)) {
      r.task = PromptTask::Returns;
      r.param = {};
      rest.push_back(r);
      rest_owner.push_back(owner[k]);
    }
  }
  auto answers = ask_all(rest, stop);
  if (stop.stop_requested()) return out;
  for (size_t i = 0; i < rest.size(); ++i) {
    std::string text = accept(rest[i], std::move(answers[i]));
    if (text.empty()) continue;
    auto& t = out[rest_owner[i]];
    if (rest[i].task == PromptTask::Param)
      t.params[std::string(rest[i].param)] = std::move(text);
    else
      t.returns = std::move(text);
  }
  return out;
}

} // namespace axl::prose
