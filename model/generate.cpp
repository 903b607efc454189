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

GenerateResult generate(Decoder& dec, std::string_view prompt, const GenerateOptions& opt,
                        const Decoder* prefix) {
  GenerateResult r;
  std::vector<std::string> stops;
  for (const auto& s : opt.stop)
    if (!s.empty()) stops.push_back(s);
  const auto ids = encode(prompt, opt.add_bos || prompt.empty());
  r.prompt_tokens = static_cast<int>(ids.size());
  auto t0 = Clock::now();
  start_prompt(dec, ids, prefix);
  const float* logits = dec.logits();
  r.prefill_seconds = secs(t0);
  t0 = Clock::now();
  Sampler sampler(opt.sampling, opt.no_repeat_bytes);
  size_t emitted = 0;
  r.finish_reason = "length";
  for (int i = 0; i < opt.max_new_tokens; ++i) {
    if (opt.cancel && opt.cancel->load(std::memory_order_relaxed)) {
      r.finish_reason = "cancelled";
      break;
    }
    const int tok = sampler.sample(logits, kVocab, r.text);
    ++r.completion_tokens;
    if (tok == kEos && opt.stop_at_eos) {
      r.finish_reason = "stop";
      break;
    }
    if (tok < 256) r.text.push_back(static_cast<char>(tok));
    if (const std::string* s = ending_stop(r.text, stops)) {
      r.text.resize(r.text.size() - s->size());
      r.finish_reason = "stop";
      break;
    }
    const size_t ready = r.text.size() - holdback(r.text, stops);
    if (opt.on_text && ready > emitted)
      opt.on_text(std::string_view(r.text).substr(emitted, ready - emitted));
    emitted = std::max(emitted, ready);
    if (i + 1 < opt.max_new_tokens) logits = dec.step(tok);
  }
  if (opt.on_text && r.text.size() > emitted) opt.on_text(std::string_view(r.text).substr(emitted));
  r.decode_seconds = secs(t0);
  return r;
}

} // namespace axl::model
