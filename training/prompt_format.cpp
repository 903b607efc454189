#include "training/prompt_format.h"

#include "model/gguf_keys.h"
#include "text/text_util.h"
#include "training/corpus_filters.h"

#include <cctype>
#include <fmt/format.h>

namespace axl::training {
namespace {

constexpr std::string_view kOpener = "\n    \"\"\"";

using text::utf8_prefix;

// Longest prefix of at most n bytes ending at a word boundary (or a plain cut for one long word).
std::string_view word_prefix(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  auto cut = s.substr(0, n + 1).rfind(' ');
  if (cut == std::string_view::npos || cut == 0) return utf8_prefix(s, n);
  return s.substr(0, cut);
}

// Index of the ':' that ends a def/class header: depth 0, outside strings and comments. `clean`
// (optional) gets the header without its comments.
size_t header_colon(std::string_view code, std::string* clean = nullptr) {
  int depth = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    size_t from = i;
    if (c == '#') {
      while (i + 1 < code.size() && code[i + 1] != '\n') ++i;
      continue;
    } else if (c == '"' || c == '\'') {
      bool triple = code.substr(i, 3) == std::string(3, c);
      size_t j = i + (triple ? 3 : 1);
      while (j < code.size()) {
        if (code[j] == '\\') {
          j += 2;
          continue;
        }
        if (triple ? code.substr(j, 3) == std::string(3, c) : code[j] == c) break;
        ++j;
      }
      i = std::min(code.size() - 1, j + (triple ? 2 : 0));
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      depth = depth > 0 ? depth - 1 : 0;
    } else if (c == ':' && depth == 0) {
      return i;
    }
    if (clean) clean->append(code.substr(from, i + 1 - from));
  }
  return std::string_view::npos;
}

// Builds a new string (in-place std::string::replace trips GCC 12's -Wrestrict false positive).
void replace_all(std::string& s, std::string_view from, std::string_view to) {
  std::string out;
  size_t pos = 0;
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, pos)) {
    out.append(s, pos, p - pos);
    out += to;
    pos = p + from.size();
  }
  out.append(s, pos);
  s = std::move(out);
}

std::string prompt_opener(const PromptRequest& r) {
  std::string out(kOpener);
  if (r.task == PromptTask::Summary) return out;
  out += word_prefix(normalise_code(r.summary), kMaxPromptSummary);
  if (r.task == PromptTask::Param) {
    out += "\n\n    Args:\n        ";
    out += utf8_prefix(r.param, kMaxParamName);
    out += ": ";
  } else {
    out += "\n\n    Returns:\n        ";
  }
  return out;
}

} // namespace

std::string compact_signature(std::string_view code, std::string* body) {
  std::string header;
  size_t colon = header_colon(code, &header);
  if (body) {
    body->clear();
    if (colon != std::string_view::npos) {
      // The rest of the header's line (a trailing comment) is not body.
      size_t nl = code.find('\n', colon);
      if (nl != std::string_view::npos) *body = std::string(code.substr(nl + 1));
    }
  }
  std::string sig = normalise_code(header);
  replace_all(sig, "( ", "(");
  replace_all(sig, "[ ", "[");
  replace_all(sig, " )", ")");
  replace_all(sig, " ]", "]");
  replace_all(sig, ",)", ")");
  sig += ':';
  return sig;
}

std::string build_prompt(const PromptRequest& r) {
  std::string body;
  std::string sig = compact_signature(r.code, &body);
  std::string opener = prompt_opener(r);
  if (sig.size() + opener.size() > kPromptBudget) {
    // Only absurd signatures get here: keep their start, marked as cut.
    size_t keep = kPromptBudget - opener.size() - 4;
    sig = std::string(utf8_prefix(sig, keep)) + "...:";
  }
  std::string digest;
  if (r.with_body) {
    // Body lines as comments above the signature: the model reads them before the docstring
    // position, and the text still looks like Python.
    size_t room = kPromptBudget - sig.size() - opener.size();
    size_t pos = 0;
    while (pos < body.size() && room > 1) {
      size_t nl = body.find('\n', pos);
      std::string_view line(body.data() + pos, (nl == std::string::npos ? body.size() : nl) - pos);
      pos = nl == std::string::npos ? body.size() : nl + 1;
      if (line.starts_with("    ")) line.remove_prefix(4);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      std::string piece = "# " + std::string(line) + "\n";
      if (piece.size() > room) {
        // The last line is cut to the budget (no newline needed: the signature follows one).
        std::string cut(utf8_prefix(piece, room - 1));
        while (!cut.empty() && cut.back() == ' ') cut.pop_back();
        if (cut.size() > 8) digest += cut + "\n"; // a stub like "#    " tells nothing
        break;
      }
      digest += piece;
      room -= piece.size();
    }
  }
  return digest + sig + opener;
}

std::string_view target_terminator(PromptTask task) {
  return task == PromptTask::Summary ? std::string_view("\"\"\"") : std::string_view("\n");
}

std::string finish_generation(PromptTask task, std::string_view generated) {
  size_t end = generated.find(target_terminator(task));
  end = std::min(end, generated.find('\n'));
  return std::string(text::trim(generated.substr(0, end)));
}

CroppedTarget crop_target(std::string_view text) {
  std::string t = normalise_code(text);
  if (t.size() <= kMaxTargetBytes) return {t, true};
  // The longest run of whole sentences that fits.
  size_t cut = t.substr(0, kMaxTargetBytes + 1).rfind(". ");
  if (cut != std::string::npos && cut > 0) return {t.substr(0, cut + 1), true};
  return {std::string(word_prefix(t, kMaxTargetBytes)), false};
}

TrainingSequence build_training_sequence(const PromptRequest& r, std::string_view target,
                                         const LossWeights& w) {
  TrainingSequence seq;
  std::string prompt = build_prompt(r);
  auto cropped = crop_target(target);
  size_t sig_end = prompt.size() - prompt_opener(r).size();
  seq.tokens.push_back(model::kBos);
  seq.weights.push_back(0.f);
  for (size_t i = 0; i < prompt.size(); ++i) {
    seq.tokens.push_back(static_cast<unsigned char>(prompt[i]));
    seq.weights.push_back(i < sig_end ? w.code : w.doc_prompt);
  }
  seq.docstring_begin = 1 + sig_end;
  seq.target_begin = seq.tokens.size();
  std::string answer = cropped.text;
  if (cropped.complete) answer += target_terminator(r.task);
  for (char c : answer) {
    seq.tokens.push_back(static_cast<unsigned char>(c));
    seq.weights.push_back(w.target);
  }
  if (cropped.complete) {
    seq.tokens.push_back(model::kEos);
    seq.weights.push_back(w.target);
  }
  return seq;
}

std::vector<TrainingSequence> training_sequences(const Sample& s, const LossWeights& w) {
  std::vector<TrainingSequence> out;
  PromptRequest r;
  r.code = s.code;
  r.with_body = fnv1a64(s.code) % 8 != 0;
  out.push_back(build_training_sequence(r, s.summary, w));
  r.with_body = true;
  r.summary = s.summary;
  r.task = PromptTask::Param;
  for (const auto& p : s.params) {
    r.param = p.name;
    out.push_back(build_training_sequence(r, p.description, w));
  }
  if (!s.returns.empty()) {
    r.task = PromptTask::Returns;
    r.param = {};
    out.push_back(build_training_sequence(r, s.returns, w));
  }
  return out;
}

model::GgufMetadata prompt_metadata() {
  return {{std::string(model::key::kPromptFormatVersion),
           model::GgufValue::make_u32(kPromptFormatVersion)}};
}

void check_prompt_format(const model::GgufFile& f) {
  const uint32_t version =
      f.find(model::key::kPromptFormatVersion) ? f.get_u32(model::key::kPromptFormatVersion) : 1;
  if (version != kPromptFormatVersion)
    throw model::GgufError(
        fmt::format("{}: trained on prompt format {} ({}), this build prompts with format {}",
                    f.label, version, model::key::kPromptFormatVersion, kPromptFormatVersion));
}

} // namespace axl::training
