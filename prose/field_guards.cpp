#include "prose/field_guards.h"

#include "text/text_util.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace axl::prose {
namespace {

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

std::string whole_sentences(std::string_view s) {
  size_t cut = s.rfind(". ");
  if (s.ends_with('.')) return std::string(s);
  if (cut == std::string_view::npos || cut == 0) return {};
  return std::string(s.substr(0, cut + 1));
}

} // namespace axl::prose
