#include "beam_search.h"

#include "tokenizer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

namespace axl::model {

namespace {

struct Hyp {
  int dec = 0;      // index of the decoder holding this prefix's state
  std::string text; // completion bytes
  double logp = 0;  // sum of log-probabilities of its tokens
  int tokens = 0;
  int last = -1; // the token to feed next
};

struct Candidate {
  int parent, token;
  double logp;
};

struct Finished {
  std::string text;
  std::string reason;
  double score, logp;
  int tokens;
};

double normalised(double logp, int tokens, float penalty) {
  return logp / std::pow(double(std::max(tokens, 1)), double(penalty));
}

// Log-softmax of the candidates' scores (in token order) into out (banned bytes stay -inf).
void log_softmax(const std::vector<TokenScore>& cand, std::vector<double>& out) {
  const size_t n = cand.size();
  out.resize(n);
  double mx = -INFINITY;
  for (size_t i = 0; i < n; ++i) mx = std::max(mx, double(cand[i].score));
  double sum = 0;
  for (size_t i = 0; i < n; ++i) sum += std::exp(double(cand[i].score) - mx);
  const double lse = mx + std::log(sum);
  for (size_t i = 0; i < n; ++i) out[i] = double(cand[i].score) - lse;
}

} // namespace

BeamSearch::BeamSearch(const Model& model, BeamParams params, DecodeMode mode) : p_(params) {
  if (p_.width < 1 || p_.width > 64) throw std::invalid_argument("beam width must be 1..64");
  source_ = [&model, mode] { return std::make_shared<Decoder>(model, mode); };
  for (int i = 0; i < p_.width; ++i) decs_.push_back(source_());
}

BeamSearch::BeamSearch(std::vector<std::shared_ptr<Decoder>> decoders, float length_penalty,
                       DecoderSource more)
    : p_{static_cast<int>(decoders.size()), length_penalty, true}, decs_(std::move(decoders)),
      source_(std::move(more)) {
  if (p_.width < 1 || p_.width > 64) throw std::invalid_argument("beam width must be 1..64");
  for (const auto& d : decs_)
    if (!d) throw std::invalid_argument("beam search: null decoder");
}

BeamSearch::~BeamSearch() = default;

GenerateResult BeamSearch::run(std::string_view prompt, const GenerateOptions& opt,
                               const Decoder* prefix) {
  const BeamJob job{prompt, &opt, prefix};
  return run_many(std::span<const BeamJob>(&job, 1))[0];
}

// One prompt's search: its hypotheses, finished answers and its `width` decoders (a slice of the
// beam's), advanced one byte at a time by `advance`, which lists the (decoder, token) rows of the
// next step without stepping them, so that several searches share one batched step.
struct BeamSearch::Search {
  using Clock = std::chrono::steady_clock;
  const GenerateOptions& opt;
  std::span<const std::shared_ptr<Decoder>> decs;
  float penalty;
  GenerateResult r;
  std::vector<Hyp> live{Hyp{}};
  std::vector<Finished> done;
  bool cancelled = false, over = false;
  int step = 0;
  Clock::time_point t0;
  std::unique_ptr<SamplerStage> no_repeat; // the logit stages of the sampler chain
  std::vector<TokenScore> scores;
  std::vector<double> logp;
  std::vector<Candidate> cands;
  std::vector<int> order = std::vector<int>(kVocab);

  Search(const BeamJob& job, std::span<const std::shared_ptr<Decoder>> d, float length_penalty)
      : opt(*job.opt), decs(d), penalty(length_penalty),
        no_repeat(no_repeat_stage(job.opt->no_repeat_bytes)) {
    t0 = Clock::now();
    const auto ids = encode(job.prompt, opt.add_bos || job.prompt.empty());
    r.prompt_tokens = static_cast<int>(ids.size());
    start_prompt(*decs[0], ids, job.prefix);
    r.prefill_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    t0 = Clock::now();
  }

  void finish(std::string text, double lp, int tokens, const char* reason) {
    done.push_back({std::move(text), reason, normalised(lp, tokens, penalty), lp, tokens});
  }

  // One byte of search; appends the rows to step next (none when the search is over).
  void advance(std::vector<Decoder*>& rows, std::vector<int>& tokens) {
    const int W = static_cast<int>(decs.size()), vocab = kVocab;
    if (over || step >= opt.max_new_tokens || live.empty()) return void(over = true);
    if (opt.cancel && opt.cancel->load(std::memory_order_relaxed))
      return void(cancelled = over = true);
    // Every live hypothesis proposes its W best next tokens.
    cands.clear();
    for (int b = 0; b < int(live.size()); ++b) {
      const float* logits = decs[live[b].dec]->logits();
      scores.clear();
      for (int i = 0; i < vocab; ++i) scores.push_back({logits[i], i});
      no_repeat->apply(scores, {live[b].text});
      log_softmax(scores, logp);
      for (int i = 0; i < vocab; ++i) order[i] = i;
      std::partial_sort(order.begin(), order.begin() + W, order.end(), [&](int a, int c) {
        return logp[a] > logp[c] || (logp[a] == logp[c] && a < c);
      });
      for (int i = 0; i < W; ++i)
        if (std::isfinite(logp[order[i]]))
          cands.push_back({b, order[i], live[b].logp + logp[order[i]]});
    }
    std::stable_sort(cands.begin(), cands.end(),
                     [](const Candidate& a, const Candidate& c) { return a.logp > c.logp; });
    // The best W candidates: an ending one finishes, the rest stay live.
    std::vector<Hyp> next;
    for (int rank = 0; rank < int(cands.size()) && int(next.size()) < W; ++rank) {
      const auto& c = cands[rank];
      const Hyp& parent = live[c.parent];
      if (c.token == kEos && opt.stop_at_eos) {
        if (rank < W) finish(parent.text, c.logp, parent.tokens + 1, "stop");
        continue;
      }
      Hyp h{c.parent, parent.text, c.logp, parent.tokens + 1, c.token}; // dec: parent, for now
      if (c.token < 256) h.text.push_back(static_cast<char>(c.token));
      if (const std::string* s = ending_stop(h.text, opt.stop)) {
        if (rank < W) finish(h.text.substr(0, h.text.size() - s->size()), c.logp, h.tokens, "stop");
        continue;
      }
      next.push_back(std::move(h));
    }
    // Done when W answers are finished and no live one is currently better than the best of them.
    if (int(done.size()) >= W) {
      double best_done = -INFINITY, best_live = -INFINITY;
      for (const auto& f : done) best_done = std::max(best_done, f.score);
      for (const auto& h : next)
        best_live = std::max(best_live, normalised(h.logp, h.tokens, penalty));
      if (best_live <= best_done) {
        live.clear();
        return void(over = true);
      }
    }
    // Give each new hypothesis a decoder: a parent's first child keeps the parent's decoder, the
    // others fork it into a decoder no child keeps. All forks are copied before any step.
    std::vector<int> keeper(live.size(), -1), used(W, 0);
    for (int i = 0; i < int(next.size()); ++i)
      if (keeper[next[i].dec] < 0) keeper[next[i].dec] = i, used[live[next[i].dec].dec] = 1;
    std::vector<int> free_decs;
    for (int d = 0; d < W; ++d)
      if (!used[d]) free_decs.push_back(d);
    for (int i = 0; i < int(next.size()); ++i) {
      const int parent = next[i].dec;
      if (keeper[parent] == i) {
        next[i].dec = live[parent].dec;
      } else {
        next[i].dec = free_decs.back();
        free_decs.pop_back();
        decs[next[i].dec]->copy_state_from(*decs[live[parent].dec]);
      }
    }
    if (step + 1 < opt.max_new_tokens)
      for (const auto& h : next) rows.push_back(decs[h.dec].get()), tokens.push_back(h.last);
    live = std::move(next);
    ++step;
  }

  GenerateResult result() {
    for (auto& h : live) finish(h.text, h.logp, h.tokens, "length");
    if (done.empty()) {
      r.finish_reason = cancelled ? "cancelled" : "length";
    } else {
      const auto best =
          std::max_element(done.begin(), done.end(),
                           [](const Finished& a, const Finished& b) { return a.score < b.score; });
      r.text = best->text;
      r.finish_reason = cancelled ? "cancelled" : best->reason;
      r.completion_tokens = best->tokens;
      r.logprob = best->logp;
    }
    r.decode_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return r;
  }
};

std::vector<GenerateResult> BeamSearch::run_many(std::span<const BeamJob> jobs) {
  const int W = p_.width;
  if (jobs.empty()) return {};
  while (decs_.size() < jobs.size() * W) {
    if (!source_) throw std::invalid_argument("beam search: too few decoders for the prompts");
    decs_.push_back(source_());
    if (!decs_.back()) throw std::invalid_argument("beam search: null decoder");
  }
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (!jobs[i].opt) throw std::invalid_argument("beam search: a prompt without options");
    for (size_t d = 0; d < decs_.size(); ++d) // a prefix is read while the beams are written
      if (jobs[i].prefix && decs_[d].get() == jobs[i].prefix && d != i * W)
        throw std::invalid_argument("beam search: the prefix decoder is one of the beams");
  }
  std::vector<std::unique_ptr<Search>> searches;
  for (size_t i = 0; i < jobs.size(); ++i)
    searches.push_back(std::make_unique<Search>(
        jobs[i], std::span<const std::shared_ptr<Decoder>>(decs_).subspan(i * W, W),
        p_.length_penalty));
  std::vector<Decoder*> rows;
  std::vector<int> tokens;
  for (;;) {
    rows.clear(), tokens.clear();
    bool active = false;
    for (auto& s : searches) {
      s->advance(rows, tokens);
      active |= !s->over;
    }
    if (!active) break;
    if (p_.batched) // one step for every hypothesis of every prompt: weights read once
      Decoder::step_batch(rows, tokens);
    else
      for (size_t i = 0; i < rows.size(); ++i) rows[i]->step(tokens[i]);
  }
  std::vector<GenerateResult> out;
  for (auto& s : searches) out.push_back(s->result());
  return out;
}

} // namespace axl::model
