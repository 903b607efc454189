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

// Log-softmax of logits [n] into out (banned bytes stay -inf).
void log_softmax(const float* logits, int n, std::vector<double>& out) {
  out.resize(n);
  double mx = -INFINITY;
  for (int i = 0; i < n; ++i) mx = std::max(mx, double(logits[i]));
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += std::exp(double(logits[i]) - mx);
  const double lse = mx + std::log(sum);
  for (int i = 0; i < n; ++i) out[i] = double(logits[i]) - lse;
}

} // namespace

BeamSearch::BeamSearch(const Model& model, BeamParams params, DecodeMode mode) : p_(params) {
  if (p_.width < 1 || p_.width > 64) throw std::invalid_argument("beam width must be 1..64");
  for (int i = 0; i < p_.width; ++i) decs_.push_back(std::make_shared<Decoder>(model, mode));
}

BeamSearch::BeamSearch(std::vector<std::shared_ptr<Decoder>> decoders, float length_penalty)
    : p_{static_cast<int>(decoders.size()), length_penalty, true}, decs_(std::move(decoders)) {
  if (p_.width < 1 || p_.width > 64) throw std::invalid_argument("beam width must be 1..64");
  for (const auto& d : decs_)
    if (!d) throw std::invalid_argument("beam search: null decoder");
}

GenerateResult BeamSearch::run(std::string_view prompt, const GenerateOptions& opt,
                               const Decoder* prefix) {
  for (const auto& d : decs_)
    if (prefix && d.get() == prefix && d != decs_[0])
      throw std::invalid_argument("beam search: the prefix decoder is one of the beams");
  using Clock = std::chrono::steady_clock;
  const int W = p_.width, vocab = 258;
  GenerateResult r;
  auto t0 = Clock::now();
  const auto ids = encode(prompt, opt.add_bos || prompt.empty());
  r.prompt_tokens = static_cast<int>(ids.size());
  start_prompt(*decs_[0], ids, prefix);
  r.prefill_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  t0 = Clock::now();

  std::vector<Hyp> live{Hyp{}};
  std::vector<Finished> done;
  std::vector<float> scores(vocab);
  std::vector<double> logp;
  std::vector<Candidate> cands;
  std::vector<int> order(vocab);
  std::vector<Decoder*> rows;
  std::vector<int> tokens;
  auto finish = [&](std::string text, double lp, int tokens, const char* reason) {
    done.push_back(
        {std::move(text), reason, normalised(lp, tokens, p_.length_penalty), lp, tokens});
  };
  bool cancelled = false;
  for (int step = 0; step < opt.max_new_tokens && !live.empty(); ++step) {
    if (opt.cancel && opt.cancel->load(std::memory_order_relaxed)) {
      cancelled = true;
      break;
    }
    // Every live hypothesis proposes its W best next tokens.
    cands.clear();
    for (int b = 0; b < int(live.size()); ++b) {
      const float* logits = decs_[live[b].dec]->logits();
      std::copy_n(logits, vocab, scores.begin());
      if (opt.no_repeat_bytes > 0) ban_repeats(live[b].text, opt.no_repeat_bytes, scores.data());
      log_softmax(scores.data(), vocab, logp);
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
        best_live = std::max(best_live, normalised(h.logp, h.tokens, p_.length_penalty));
      if (best_live <= best_done) {
        next.clear();
        live.clear();
        break;
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
        decs_[next[i].dec]->copy_state_from(*decs_[live[parent].dec]);
      }
    }
    if (step + 1 < opt.max_new_tokens) { // one batched step: each weight read once for all
      rows.clear(), tokens.clear();
      for (const auto& h : next) rows.push_back(decs_[h.dec].get()), tokens.push_back(h.last);
      if (p_.batched)
        Decoder::step_batch(rows, tokens);
      else
        for (size_t i = 0; i < rows.size(); ++i) rows[i]->step(tokens[i]);
    }
    live = std::move(next);
  }
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

} // namespace axl::model
