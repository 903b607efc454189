#include "text/text_util.h"

#include <algorithm>

namespace axl::text {

bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return is_upper(c) || is_lower(c);
}
bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
char to_lower(char c) {
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}
char to_upper(char c) {
  return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}
std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = to_lower(c);
  return out;
}

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return to_lower(x) == to_lower(y);
         });
}

bool icontains(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char x, char y) { return to_lower(x) == to_lower(y); });
  return it != haystack.end();
}

std::string_view utf8_prefix(std::string_view s, size_t n) {
  if (n >= s.size()) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string_view word_prefix(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  auto cut = s.substr(0, n + 1).rfind(' ');
  if (cut == std::string_view::npos || cut == 0) return utf8_prefix(s, n);
  return s.substr(0, cut);
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> out;
  for (size_t p = 0;;) {
    size_t nl = text.find('\n', p);
    out.push_back(text.substr(p, nl == std::string_view::npos ? std::string_view::npos : nl - p));
    if (nl == std::string_view::npos) return out;
    p = nl + 1;
  }
}

std::vector<std::string_view> split_lines_keep_ends(std::string_view text) {
  auto lines = split_lines(text);
  for (size_t i = 0; i + 1 < lines.size(); ++i)
    lines[i] = std::string_view(lines[i].data(), lines[i].size() + 1);
  return lines;
}

std::string join_lines(const std::vector<std::string>& lines, size_t begin, size_t end) {
  std::string out;
  end = std::min(end, lines.size());
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) out += '\n';
    out += lines[i];
  }
  return out;
}

std::string strip_stars(std::string_view name) {
  while (!name.empty() && (name.front() == '*' || name.front() == '\\')) name.remove_prefix(1);
  return std::string(name);
}

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
      // camelCase boundary, or the last capital of an acronym run ("HTTPServer" -> HTTP|Server),
      // unless the lower-case run after it is the acronym's own: a plural "s" ("getIDs",
      // "URLsFor") or a one-letter version ("IPv4Network").
      bool acronym_tail = false;
      if (is_upper(prev) && next_lower) {
        size_t j = i + 1;
        while (j < name.size() && is_lower(name[j])) ++j;
        bool digit_after = j < name.size() && is_digit(name[j]);
        acronym_tail = j == i + 2 && (name[i + 1] == 's' ? !digit_after : digit_after);
      }
      if (is_lower(prev) || is_digit(prev) || (is_upper(prev) && next_lower && !acronym_tail))
        flush();
    }
    cur += to_lower(c);
  }
  flush();
  return words;
}

std::vector<std::string> letter_words(std::string_view s, bool split_case) {
  std::vector<std::string> out;
  std::string w;
  auto flush = [&] {
    if (!w.empty()) out.push_back(w);
    w.clear();
  };
  for (char c : s) {
    if (!is_alpha(c)) {
      flush();
      continue;
    }
    if (split_case && is_upper(c)) flush();
    w += to_lower(c);
  }
  flush();
  return out;
}

} // namespace axl::text
