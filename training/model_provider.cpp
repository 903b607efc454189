#include "training/model_provider.h"

#include "docstring/facts.h"
#include "docstring/heuristic_summary.h"
#include "model/generate.h"
#include "model/model_location.h"
#include "text/text_util.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <limits>
#include <stop_token>

namespace axl::training {
namespace {

using parser::DefKind;

using text::is_alnum;
using text::is_alpha;

// Valid UTF-8 without control characters (C0, DEL, C1); tabs count as control characters too,
// since an answer is one line of prose.
bool printable_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    if (n == 0 || (c >= 0xF0 && n != 4) || i + n > s.size()) return false;
    uint32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false; // surrogates
    if (cp >= 0x80 && cp <= 0x9F) return false;     // C1 controls
    if (cp == 0xFFFD || cp == 0xFEFF) return false; // replacement char, BOM
    if (cp >= 0x2028 && cp <= 0x2029) return false; // line/paragraph separators
    i += n;
  }
  return true;
}

// Lower-case words of letters, digits and underscores.
std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s) {
    if (is_alnum(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
      w += text::to_lower(c);
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

std::optional<std::string> repetition(std::string_view s) {
  // One byte 4+ times in a row ("....", "----", "aaaa").
  for (size_t i = 0, run = 1; i + 1 < s.size(); ++i) {
    run = s[i + 1] == s[i] ? run + 1 : 1;
    if (run >= 4 && s[i] != ' ') return "repeats the byte '" + std::string(1, s[i]) + "'";
  }
  // A short pattern three times in a row ("ababab", "x, x, x, ").
  for (size_t p = 2; p <= 8; ++p)
    for (size_t i = 0; i + 3 * p <= s.size(); ++i) {
      std::string_view a = s.substr(i, p);
      if (a.find_first_not_of(' ') == std::string_view::npos) continue;
      if (a == s.substr(i + p, p) && a == s.substr(i + 2 * p, p))
        return "repeats \"" + std::string(a) + "\"";
    }
  auto w = words_of(s);
  for (size_t i = 0; i + 2 < w.size(); ++i)
    if (w[i] == w[i + 1] && w[i] == w[i + 2]) return "says \"" + w[i] + "\" three times";
  // One word twice in a row ("Delete the existing existing."); "that that" is English.
  for (size_t i = 0; i + 1 < w.size(); ++i)
    if (w[i] == w[i + 1] && w[i] != "that") return "says \"" + w[i] + "\" twice in a row";
  // A word other than a short function word said three times in one short answer.
  for (size_t i = 0; i < w.size(); ++i) {
    static constexpr std::string_view kFunctionWords[] = {
        "the", "a",    "an", "of", "to", "in", "and", "or", "for", "is",
        "be",  "with", "on", "by", "as", "at", "it",  "if", "not", "that"};
    if (std::find(std::begin(kFunctionWords), std::end(kFunctionWords), w[i]) !=
        std::end(kFunctionWords))
      continue;
    if (std::count(w.begin(), w.end(), w[i]) >= 3) return "says \"" + w[i] + "\" three times";
  }
  // A word 3-gram said again at once (a loop: "the number of the number of"), or a 4-gram said
  // twice anywhere ("a list of views from a list of patterns" is fine prose).
  auto same = [&](size_t i, size_t j, size_t n) {
    for (size_t k = 0; k < n; ++k)
      if (w[i + k] != w[j + k]) return false;
    return true;
  };
  for (size_t i = 0; i + 2 < w.size(); ++i)
    for (size_t j = i + 1; j + 2 < w.size(); ++j)
      if ((j <= i + 3 && same(i, j, 3)) || (j + 3 < w.size() && same(i, j, 4)))
        return "repeats \"" + w[i] + " " + w[i + 1] + " " + w[i + 2] + "\"";
  return std::nullopt;
}

// The code of a context window without its prose: comments and the text of string literals
// (a summary may well say what an error message or a comment says) become line breaks.
std::string code_without_prose(std::string_view code) {
  std::string out;
  char quote = 0; // inside a string literal opened by this quote character
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quote) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0, out += c;
      else if (c == '\n')
        out += c;
      continue;
    }
    if (c == '#') {
      while (i + 1 < code.size() && code[i + 1] != '\n') ++i;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    out += c;
  }
  return out;
}

// Length of the longest common substring of a and b that spans three or more words (has two
// spaces): a copied statement, not a shared identifier.
size_t longest_common_phrase(std::string_view a, std::string_view b) {
  struct Run {
    size_t len = 0, spaces = 0;
  };
  std::vector<Run> prev(b.size() + 1), cur(b.size() + 1);
  size_t best = 0;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = a[i - 1] == b[j - 1]
                   ? Run{prev[j - 1].len + 1, prev[j - 1].spaces + (a[i - 1] == ' ' ? 1 : 0)}
                   : Run{};
      if (cur[j].spaces >= 2) best = std::max(best, cur[j].len);
    }
    std::swap(prev, cur);
  }
  return best;
}

std::optional<std::string> looks_like_code(std::string_view s, std::string_view code) {
  for (std::string_view start : {"def ", "async def ", "class ", "import ", "from ", "@", "#",
                                 ">>>", "if __name__", "self."})
    if (s.starts_with(start)) return "starts like code (\"" + std::string(start) + "\")";
  for (std::string_view bit : {"\"\"\"", "'''", "):", ") ->", ")->", " = ",
                               "==", "!=", "+=", "-=", "{", "}", "\\", "lambda ", "def ", "```"})
    if (s.find(bit) != std::string_view::npos)
      return "contains code (\"" + std::string(bit) + "\")";
  // The signature: the name and parameter list as written ("fetch(url: str, retries: int = 3)").
  std::string sig = compact_signature(code);
  for (std::string_view kw : {"async def ", "def ", "class "})
    if (sig.starts_with(kw)) sig.erase(0, kw.size());
  if (auto close = sig.rfind(')'); close != std::string::npos && sig.find('(') < close) {
    sig.resize(close + 1);
    if (s.find(sig) != std::string_view::npos) return "echoes the signature";
  }
  // The body's code word for word (its comments and strings are prose a summary may reuse).
  const size_t common = longest_common_phrase(s, code_without_prose(code));
  if (common >= 24 || (common >= 12 && 5 * common >= 3 * s.size())) return "echoes the code";
  // Identifier soup: words like a_b, a.b, f( make up most of the text.
  int ident = 0, words = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find(' ', pos);
    if (end == std::string_view::npos) end = s.size();
    std::string_view w = s.substr(pos, end - pos);
    while (!w.empty() && std::string_view(".,;:!?`'\"").find(w.back()) != std::string_view::npos)
      w.remove_suffix(1);
    if (!w.empty()) {
      ++words;
      bool inner_dot = false;
      for (size_t i = 1; i + 1 < w.size(); ++i)
        if (w[i] == '.' && is_alpha(w[i - 1]) && is_alpha(w[i + 1])) inner_dot = true;
      if (inner_dot || w.find('(') != std::string_view::npos ||
          w.find('[') != std::string_view::npos ||
          (w.find('_') != std::string_view::npos && w.find('_') > 0))
        ++ident;
    }
    pos = end + 1;
  }
  if ((words >= 2 && 2 * ident > words) || (words == 1 && ident == 1))
    return "is mostly identifiers";
  auto count = [&](char c) { return std::count(s.begin(), s.end(), c); };
  if (count('(') != count(')') || count('[') != count(']')) return "has unbalanced brackets";
  if (count('`') % 2 != 0) return "has an unbalanced backquote";
  return std::nullopt;
}

// Over-long text cut at the length limit: keep the whole sentences, if any.
std::string whole_sentences(std::string_view s) {
  size_t cut = s.rfind(". ");
  if (s.ends_with('.')) return std::string(s);
  if (cut == std::string_view::npos || cut == 0) return {};
  return std::string(s.substr(0, cut + 1));
}

} // namespace

std::string tidy_field(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    // Epytext inline markup (L{x}, C{x}, I{x}, ...): the renderer writes the user's style, so only
    // the text stays; code keeps backquotes.
    const bool markup = i + 1 < s.size() && s[i + 1] == '{' &&
                        std::string_view("LCIBMUE").find(s[i]) != std::string_view::npos &&
                        (i == 0 || !is_alnum(s[i - 1]));
    if (markup) {
      size_t depth = 0, j = i + 1;
      for (; j < s.size(); ++j) {
        if (s[j] == '{') ++depth;
        if (s[j] == '}' && --depth == 0) break;
      }
      if (j < s.size()) {
        std::string inner = tidy_field(s.substr(i + 2, j - i - 2));
        out += s[i] == 'C' ? "`" + inner + "`" : inner;
        i = j;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::optional<std::string> reject_reason(PromptTask task, std::string_view s, std::string_view code,
                                         std::string_view param) {
  if (s.find_first_not_of(" ") == std::string_view::npos) return "empty";
  if (s.size() > kMaxTargetBytes) return "too long (" + std::to_string(s.size()) + " bytes)";
  if (!printable_utf8(s)) return "has bytes that are not printable UTF-8";
  if (auto why = repetition(s)) return why;
  if (auto why = looks_like_code(s, code)) return why;
  const auto w = words_of(s);
  if (task == PromptTask::Summary) {
    // The renderer capitalises the first letter (pydocstyle D403): a summary starting with a
    // digit, bracket, quote or underscore would not read as a sentence.
    if (!is_alpha(s.front())) return "does not start with a letter";
    if (w.size() < 2) return "too short";
  } else {
    if (s.size() < 2 || w.empty()) return "too short";
    const auto pw = words_of(param);
    if (task == PromptTask::Param && w.size() == 1 && !pw.empty() && w[0] == pw.front())
      return "only repeats the parameter's name";
  }
  return std::nullopt;
}

std::shared_ptr<model::Decoder> DecoderPool::take() {
  std::unique_ptr<model::Decoder> d;
  {
    std::lock_guard lock(mu_);
    if (!free_.empty()) {
      d = std::move(free_.back());
      free_.pop_back();
    }
  }
  if (!d) d = std::make_unique<model::Decoder>(*model_);
  auto self = shared_from_this();
  return std::shared_ptr<model::Decoder>(d.release(), [self](model::Decoder* p) {
    std::unique_ptr<model::Decoder> back(p);
    std::lock_guard lock(self->mu_);
    if (self->free_.size() < 64) self->free_.push_back(std::move(back));
  });
}

size_t DecoderPool::idle() const {
  std::lock_guard lock(mu_);
  return free_.size();
}

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

SummaryProviderSource::SummaryProviderSource(std::shared_ptr<const model::Model> model,
                                             ModelProviderOptions options)
    : model_(std::move(model)), options_(options) {
  if (model_) pool_ = std::make_shared<DecoderPool>(model_);
}

SummaryProviderSource SummaryProviderSource::heuristic(std::string reason) {
  SummaryProviderSource s;
  s.reason_ = std::move(reason);
  return s;
}

std::unique_ptr<docstring::SummaryProvider> SummaryProviderSource::make() const {
  return make(options_);
}

std::unique_ptr<docstring::SummaryProvider>
SummaryProviderSource::make(const ModelProviderOptions& options) const {
  if (!model_) return std::make_unique<docstring::HeuristicSummaryProvider>();
  ModelProviderOptions o = options;
  o.gate = options_.gate; // the gate belongs to the model, whatever the request's settings
  o.dictionary = options_.dictionary;
  return std::make_unique<ModelSummaryProvider>(
      model_, [pool = pool_] { return pool->take(); }, o);
}

// The end of every reason a model is not used.
constexpr char kHeuristicFallback[] = "; docstring prose comes from the name heuristic";

SummaryProviderSource load_summary_provider(const std::string& path, ModelProviderOptions options) {
  const auto where = model::locate_model(path);
  const std::string& p = where.path;
  if (!where.found)
    return SummaryProviderSource::heuristic(model::missing_model_message(where) +
                                            kHeuristicFallback);
  try {
    return summary_provider_for(std::make_shared<const model::Model>(model::load_model(p)),
                                options);
  } catch (const std::exception& e) {
    return SummaryProviderSource::heuristic("cannot use model " + p + ": " + e.what() +
                                            kHeuristicFallback);
  }
}

SummaryProviderSource summary_provider_for(std::shared_ptr<const model::Model> m,
                                           ModelProviderOptions options) {
  try {
    if (!m->file) throw std::invalid_argument("the model was not loaded from a file");
    check_prompt_format(*m->file);
    options.gate = gate_from_gguf(*m->file);
    options.dictionary =
        std::make_shared<const WordDictionary>(WordDictionary::from_gguf(*m->file));
    return SummaryProviderSource(std::move(m), options);
  } catch (const std::exception& e) {
    return SummaryProviderSource::heuristic("cannot use model " + m->path + ": " + e.what() +
                                            kHeuristicFallback);
  }
}

SummaryProviderSource SummaryProviderCache::get(const std::string& path) {
  const std::string p = model::locate_model(path).path;
  std::error_code ec;
  int64_t stamp = 0;
  const auto size = std::filesystem::file_size(p, ec);
  if (!ec) {
    const auto mtime = std::filesystem::last_write_time(p, ec);
    stamp = static_cast<int64_t>(size) * 1000003 +
            (ec ? 0 : static_cast<int64_t>(mtime.time_since_epoch().count()));
  }
  std::lock_guard lock(mu_);
  for (auto& [key, entry] : entries_)
    if (key == p) {
      if (entry.stamp != stamp) entry = {load_summary_provider(p, options_), stamp};
      return entry.source;
    }
  entries_.push_back({p, {load_summary_provider(p, options_), stamp}});
  return entries_.back().second.source;
}

std::string resolve_model_path(const std::string& path) {
  std::string p = path;
  if (p.starts_with("~/"))
    if (const char* home = std::getenv("HOME")) p = std::string(home) + p.substr(1);
  std::error_code ec;
  auto abs = std::filesystem::weakly_canonical(p, ec);
  return ec ? p : abs.string();
}

SummaryProviderChooser::SummaryProviderChooser(SummaryProviderSource start,
                                               const std::string& start_path,
                                               std::function<void(const std::string&)> on_unusable)
    : start_(std::move(start)), start_path_(resolve_model_path(start_path)),
      on_unusable_(std::move(on_unusable)) {}

std::unique_ptr<docstring::SummaryProvider>
SummaryProviderChooser::make(const std::string& model_path, const ModelProviderOptions& options) {
  if (model_path.empty()) return start_.make(options);
  const std::string path = resolve_model_path(model_path);
  if (path == start_path_) return start_.make(options);
  auto source = cache_.get(path);
  if (!source.uses_model() && on_unusable_) {
    std::lock_guard lock(mu_);
    if (std::find(reported_.begin(), reported_.end(), path) == reported_.end()) {
      reported_.push_back(path);
      on_unusable_(source.reason());
    }
  }
  return source.make(options);
}

} // namespace axl::training
