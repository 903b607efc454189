#include "prose/prompt_format.h"

#include "model/gguf_keys.h"
#include "text/text_util.h"

#include <cctype>
#include <fmt/format.h>

namespace axl::prose {
namespace {

constexpr std::string_view kOpener = "\n    \"\"\"";

using text::collapse_spaces;
using text::utf8_prefix;
using text::word_prefix;

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
  out += word_prefix(collapse_spaces(r.summary), kMaxPromptSummary);
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
  std::string sig = collapse_spaces(header);
  replace_all(sig, "( ", "(");
  replace_all(sig, "[ ", "[");
  replace_all(sig, " )", ")");
  replace_all(sig, " ]", "]");
  replace_all(sig, ",)", ")");
  sig += ':';
  return sig;
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

std::string build_prompt(const PromptRequest& r) {
  return layout_prompt(r).text;
}

PromptLayout layout_prompt(const PromptRequest& r) {
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
  const size_t docstring_begin = digest.size() + sig.size();
  return {digest + sig + opener, docstring_begin};
}

std::string_view target_terminator(PromptTask task) {
  return task == PromptTask::Summary ? std::string_view("\"\"\"") : std::string_view("\n");
}

std::string finish_generation(PromptTask task, std::string_view generated) {
  size_t end = generated.find(target_terminator(task));
  end = std::min(end, generated.find('\n'));
  return std::string(text::trim(generated.substr(0, end)));
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

} // namespace axl::prose
