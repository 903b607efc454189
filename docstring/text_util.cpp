#include "docstring/text_util.h"

#include <algorithm>
#include <array>

namespace axl::docstring {
namespace {

using text::is_upper;
using text::to_lower;
using text::to_upper;

constexpr std::array<std::string_view, 30> kAcronyms = {
    "id",   "ids", "json", "xml", "html", "http", "https", "url",   "uri", "api",
    "uuid", "csv", "sql",  "io",  "os",   "cpu",  "gpu",   "ui",    "tcp", "udp",
    "ip",   "dns", "ssl",  "tls", "yaml", "toml", "utf",   "ascii", "pdf", "ssh"};

std::string word_text(const std::string& w) {
  if (w == "ipv4" || w == "ipv6") return "IPv" + w.substr(3);
  for (auto a : kAcronyms)
    if (w == a) {
      std::string u(w);
      if (w == "ids") return "IDs";
      for (auto& c : u) c = to_upper(c);
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

std::string join_words(const std::vector<std::string>& words, size_t from) {
  std::string out;
  for (size_t i = from; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += word_text(words[i]);
  }
  return out;
}

std::string sentence(std::string_view text) {
  std::string out = collapse_spaces(text);
  if (out.empty()) return out;
  out[0] = to_upper(out[0]);
  char last = out.back();
  if (last != '.' && last != '!' && last != '?') out += '.';
  return out;
}

std::string_view article(std::string_view phrase) {
  if (phrase.empty()) return "a";
  // Upper-case acronyms are read letter by letter: "an HTTP", "a URL", "an SQL".
  if (phrase.size() > 1 && is_upper(phrase[0]) && is_upper(phrase[1]))
    return std::string_view("AEFHILMNORSX").find(phrase[0]) != std::string_view::npos ? "an" : "a";
  char c = to_lower(phrase[0]);
  if (phrase.starts_with("uni") || phrase.starts_with("use") || phrase.starts_with("one"))
    return "a";
  return std::string_view("aeiou").find(c) != std::string_view::npos ? "an" : "a";
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
