#include "generate.h"

#include "tokenizer.h"

#include <chrono>
#include <limits>

namespace axl::model {

namespace {
using Clock = std::chrono::steady_clock;
double secs(Clock::time_point a) {
  return std::chrono::duration<double>(Clock::now() - a).count();
}

// Length of the longest suffix of text that is a proper prefix of some stop sequence.
size_t holdback(const std::string& text, const std::vector<std::string>& stops) {
  size_t best = 0;
  for (const auto& s : stops)
    for (size_t k = std::min(s.size() - 1, text.size()); k > best; --k)
      if (text.compare(text.size() - k, k, s, 0, k) == 0) {
        best = k;
        break;
      }
  return best;
}

} // namespace

const std::string* ending_stop(const std::string& text, const std::vector<std::string>& stops) {
  for (const auto& s : stops)
    if (!s.empty() && text.size() >= s.size() &&
        text.compare(text.size() - s.size(), s.size(), s) == 0)
      return &s;
  return nullptr;
}

GenerateResult generate(const Model& model, std::string_view prompt, const GenerateOptions& opt) {
  Decoder dec(model, opt.mode);
  return generate(dec, prompt, opt);
}

void start_prompt(Decoder& dec, std::span<const int> ids, const Decoder* prefix) {
  if (prefix) {
    dec.feed_from(*prefix, ids);
  } else {
    dec.reset();
    dec.feed(ids);
  }
}

Generation::Generation(std::string_view prompt, GenerateOptions opt)
    : opt_(std::move(opt)), ids_(encode(prompt, opt_.add_bos || prompt.empty())),
      sampler_(opt_.sampling, opt_.no_repeat_bytes), clock_(Clock::now()) {
  for (const auto& s : opt_.stop)
    if (!s.empty()) stops_.push_back(s);
  r_.prompt_tokens = static_cast<int>(ids_.size());
  r_.finish_reason = "length";
  done_ = opt_.max_new_tokens <= 0;
}

void Generation::prefilled() {
  r_.prefill_seconds = secs(clock_);
  clock_ = Clock::now();
}

int Generation::advance(const float* logits) {
  if (done_) return -1;
  done_ = true; // until this byte proves otherwise
  if (opt_.cancel && opt_.cancel->load(std::memory_order_relaxed)) {
    r_.finish_reason = "cancelled";
    return -1;
  }
  const int tok = sampler_.sample(logits, kVocab, r_.text);
  ++r_.completion_tokens;
  if (tok == kEos && opt_.stop_at_eos) {
    r_.finish_reason = "stop";
    return -1;
  }
  if (tok < 256) r_.text.push_back(static_cast<char>(tok));
  if (const std::string* s = ending_stop(r_.text, stops_)) {
    r_.text.resize(r_.text.size() - s->size());
    r_.finish_reason = "stop";
    return -1;
  }
  const size_t ready = r_.text.size() - holdback(r_.text, stops_);
  if (opt_.on_text && ready > emitted_)
    opt_.on_text(std::string_view(r_.text).substr(emitted_, ready - emitted_));
  emitted_ = std::max(emitted_, ready);
  if (++steps_ >= opt_.max_new_tokens) return -1; // "length"
  done_ = false;
  return tok;
}

GenerateResult Generation::finish() {
  if (opt_.on_text && r_.text.size() > emitted_)
    opt_.on_text(std::string_view(r_.text).substr(emitted_));
  emitted_ = r_.text.size();
  r_.decode_seconds = secs(clock_);
  return std::move(r_);
}

GenerateResult generate(Decoder& dec, std::string_view prompt, const GenerateOptions& opt,
                        const Decoder* prefix) {
  Generation g(prompt, opt);
  start_prompt(dec, g.prompt_ids(), prefix);
  g.prefilled();
  for (int tok; (tok = g.advance(dec.logits())) >= 0;) dec.step(tok);
  return g.finish();
}

} // namespace axl::model
