#include "training/confidence_gate.h"

#include "model/gguf_keys.h"
#include "text/text_util.h"
#include "training/word_dictionary.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <vector>

namespace axl::training {
namespace {

// Lower-cased identifier parts of 3+ letters ("getUserName" -> get, user, name).
std::vector<std::string> name_parts(std::string_view s) {
  std::vector<std::string> out;
  for (auto& w : text::letter_words(s, true))
    if (w.size() >= 3) out.push_back(std::move(w));
  return out;
}

bool is_common_word(std::string_view w) {
  static constexpr std::string_view kCommon[] = {
      "the",   "and",      "for",     "with",    "from",     "that",   "this",      "are",
      "not",   "into",     "its",     "all",     "any",      "one",    "use",       "used",
      "uses",  "using",    "given",   "return",  "returns",  "get",    "gets",      "set",
      "sets",  "new",      "will",    "can",     "which",    "when",   "has",       "have",
      "was",   "been",     "than",    "then",    "each",     "other",  "also",      "only",
      "such",  "more",     "most",    "some",    "test",     "tests",  "check",     "checks",
      "make",  "makes",    "create",  "creates", "value",    "values", "object",    "objects",
      "data",  "function", "method",  "class",   "instance", "list",   "string",    "true",
      "false", "none",     "whether", "number",  "default",  "same",   "specified", "current",
      "based", "helper",   "self",    "def",     "str",      "int",    "bool",      "float"};
  return std::find(std::begin(kCommon), std::end(kCommon), w) != std::end(kCommon);
}

// Equal, or one word's inflection of the other: a shared prefix of 4+ letters that leaves at most
// two letters of the shorter word ("item"/"items", "quantity"/"quantities"; not
// "containing"/"context").
bool same_stem(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const size_t shorter = std::min(a.size(), b.size());
  size_t common = 0;
  while (common < shorter && a[common] == b[common]) ++common;
  return common >= 4 && common + 2 >= shorter;
}

} // namespace

double grounded_share(std::string_view text, std::string_view code) {
  const auto code_parts = name_parts(code);
  int content = 0, grounded = 0;
  for (const auto& w : name_parts(text)) {
    if (is_common_word(w)) continue;
    ++content;
    if (std::any_of(code_parts.begin(), code_parts.end(),
                    [&](const std::string& c) { return same_stem(w, c); }))
      ++grounded;
  }
  return content ? double(grounded) / content : 0.0;
}

bool grounded_in(std::string_view text, std::string_view code) {
  return grounded_share(text, code) > 0.0;
}

std::string_view task_name(PromptTask task) {
  switch (task) {
  case PromptTask::Summary:
    return "summary";
  case PromptTask::Param:
    return "param";
  case PromptTask::Returns:
    return "returns";
  }
  return "?";
}

const GateThreshold& ConfidenceGate::for_task(PromptTask task) const {
  return task == PromptTask::Summary ? summary : task == PromptTask::Param ? param : returns;
}
GateThreshold& ConfidenceGate::for_task(PromptTask task) {
  return task == PromptTask::Summary ? summary : task == PromptTask::Param ? param : returns;
}

ConfidenceGate ConfidenceGate::open() {
  return {GateThreshold::open(), GateThreshold::open(), GateThreshold::open(), "open"};
}
ConfidenceGate ConfidenceGate::closed() {
  return {};
}

namespace {

std::string key(PromptTask task, std::string_view what) {
  return fmt::format("{}{}.{}", model::key::kGatePrefix, task_name(task), what);
}

// GGUF has no infinity-safe convention for "never": a threshold of +inf is stored as 1e30.
float stored(double v) {
  return std::isinf(v) ? (v > 0 ? 1e30f : -1e30f) : static_cast<float>(v);
}
double loaded(float v) {
  return v >= 1e29f    ? std::numeric_limits<double>::infinity()
         : v <= -1e29f ? -std::numeric_limits<double>::infinity()
                       : double(v);
}

} // namespace

ConfidenceGate gate_from_gguf(const model::GgufFile& f) {
  if (!f.find(model::key::kGateCalibration)) return ConfidenceGate::closed();
  ConfidenceGate g;
  g.calibration = f.get_str(model::key::kGateCalibration);
  if (g.calibration.empty())
    throw model::GgufError(f.label + ": " + std::string(model::key::kGateCalibration) +
                           " is empty");
  for (PromptTask t : kPromptTasks) {
    auto& th = g.for_task(t);
    th.min_mean_logprob = loaded(f.get_f32(key(t, model::key::kGateMinMeanLogprob)));
    th.min_grounded = f.get_f32(key(t, model::key::kGateMinGrounded));
    if (std::isnan(th.min_mean_logprob) || std::isnan(th.min_grounded))
      throw model::GgufError(f.label + ": a gate threshold of " + std::string(task_name(t)) +
                             " is NaN");
  }
  return g;
}

void add_gate_metadata(model::GgufWriter& w, const ConfidenceGate& g) {
  w.add(model::key::kGateCalibration, model::GgufValue::make_str(g.calibration));
  for (PromptTask t : kPromptTasks) {
    const auto& th = g.for_task(t);
    w.add(key(t, model::key::kGateMinMeanLogprob),
          model::GgufValue::make_f32(stored(th.min_mean_logprob)));
    w.add(key(t, model::key::kGateMinGrounded),
          model::GgufValue::make_f32(stored(th.min_grounded)));
  }
}

void write_gate(const std::string& in, const std::string& out, const ConfidenceGate& gate,
                const WordDictionary* words) {
  auto file = model::GgufFile::open(in); // keeps the old mapping alive while `out` is written
  model::GgufWriter w(file->alignment);
  for (const auto& [k, v] : file->kv)
    if (!k.starts_with(model::key::kGatePrefix) && k != model::key::kAlignment)
      w.add(k, v); // add replaces
  add_gate_metadata(w, gate);
  if (words) words->add_to(w);
  for (const auto& t : file->tensors) w.add_tensor(t.name, t.ne, t.type, t.data, t.nbytes);
  w.write(out);
}

} // namespace axl::training
