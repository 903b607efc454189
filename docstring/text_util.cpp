#include "docstring/text_util.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace axl::docstring {
namespace {

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
char lower(char c) {
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}
char upper(char c) {
  return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}

constexpr std::array<std::string_view, 30> kAcronyms = {
    "id",   "ids", "json", "xml", "html", "http", "https", "url",   "uri", "api",
    "uuid", "csv", "sql",  "io",  "os",   "cpu",  "gpu",   "ui",    "tcp", "udp",
    "ip",   "dns", "ssl",  "tls", "yaml", "toml", "utf",   "ascii", "pdf", "ssh"};

std::string word_text(const std::string& w) {
  for (auto a : kAcronyms)
    if (w == a) {
      std::string u(w);
      if (w == "ids") return "IDs";
      for (auto& c : u) c = upper(c);
      return u;
    }
  return w;
}

// Display columns of UTF-8 text: one per code point (continuation bytes don't count).
size_t columns(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

} // namespace

std::vector<std::string> split_identifier(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '_' || c == '-' || c == ' ' || c == '.') {
      flush();
      continue;
    }
    if (is_upper(c) && !cur.empty()) {
      char prev = name[i - 1];
      bool next_lower = i + 1 < name.size() && is_lower(name[i + 1]);
      // camelCase boundary, or the last capital of an acronym run ("HTTPServer" -> HTTP|Server).
      if (is_lower(prev) || is_digit(prev) || (is_upper(prev) && next_lower)) flush();
    }
    cur += lower(c);
  }
  flush();
  return words;
}

std::string join_words(const std::vector<std::string>& words, size_t from) {
  std::string out;
  for (size_t i = from; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += word_text(words[i]);
  }
  return out;
}

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string sentence(std::string_view text) {
  std::string out = collapse_spaces(text);
  if (out.empty()) return out;
  out[0] = upper(out[0]);
  char last = out.back();
  if (last != '.' && last != '!' && last != '?') out += '.';
  return out;
}

std::string_view article(std::string_view phrase) {
  if (phrase.empty()) return "a";
  // Upper-case acronyms are read letter by letter: "an HTTP", "a URL", "an SQL".
  if (phrase.size() > 1 && is_upper(phrase[0]) && is_upper(phrase[1]))
    return std::string_view("AEFHILMNORSX").find(phrase[0]) != std::string_view::npos ? "an" : "a";
  char c = lower(phrase[0]);
  if (phrase.starts_with("uni") || phrase.starts_with("use") || phrase.starts_with("one"))
    return "a";
  return std::string_view("aeiou").find(c) != std::string_view::npos ? "an" : "a";
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool icontains(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char x, char y) { return lower(x) == lower(y); });
  return it != haystack.end();
}

int indent_columns(std::string_view indent) {
  int n = 0;
  for (char c : indent) n += c == '\t' ? 4 : 1;
  return n;
}

std::vector<std::string> wrap(std::string_view text, int width, std::string_view first_prefix,
                              std::string_view rest_prefix) {
  std::string flat = collapse_spaces(text);
  std::vector<std::string> lines;
  std::string cur(first_prefix);
  size_t prefix_len = first_prefix.size();
  size_t pos = 0;
  while (pos < flat.size()) {
    size_t sp = flat.find(' ', pos);
    std::string_view word =
        std::string_view(flat).substr(pos, sp == std::string::npos ? std::string::npos : sp - pos);
    pos = sp == std::string::npos ? flat.size() : sp + 1;
    bool empty_line = cur.size() == prefix_len;
    if (!empty_line && static_cast<int>(columns(cur) + 1 + columns(word)) > width) {
      lines.push_back(cur);
      cur = std::string(rest_prefix);
      prefix_len = rest_prefix.size();
      empty_line = true;
    }
    if (!empty_line) cur += ' ';
    cur += word;
  }
  if (cur.size() > prefix_len || lines.empty()) lines.push_back(cur);
  for (auto& l : lines)
    while (!l.empty() && l.back() == ' ') l.pop_back(); // an empty text leaves no trailing blank
  return lines;
}

} // namespace axl::docstring
