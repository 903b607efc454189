#include "docstring/insert.h"

#include "text/text_util.h"

#include <algorithm>
#include <stdexcept>

namespace axl::docstring {
namespace {

std::vector<std::string> split_lines(std::string_view text) {
  auto lines = text::split_lines(text);
  return {lines.begin(), lines.end()};
}

bool has_triple(std::string_view text, char q) {
  return text.find(std::string(3, q)) != std::string_view::npos;
}

// Backslashes doubled; every third quote of a run, and a quote ending the text, escaped.
std::string escape_all(std::string_view text, char q, bool escape_last_quote) {
  std::string out;
  int run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\') {
      out += "\\\\";
      run = 0;
    } else if (c == q) {
      if (run == 2 || (escape_last_quote && i + 1 == text.size())) {
        out += '\\';
        run = 0;
      } else {
        ++run;
      }
      out += c;
    } else {
      out += c;
      run = 0;
    }
  }
  return out;
}

// Concatenation by append (g++ 12 warns falsely about `a + b + c` on strings at -O3).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out.append(p);
  return out;
}

bool is_blank_or_comment(std::string_view line) {
  size_t i = line.find_first_not_of(" \t\f\r\n");
  return i == std::string_view::npos || line[i] == '#';
}

// Lines end at '\n', "\r\n" or a lone '\r' (as for CPython and LSP).
bool break_before(std::string_view s, size_t pos) {
  return s[pos - 1] == '\n' || (s[pos - 1] == '\r' && (pos == s.size() || s[pos] != '\n'));
}

size_t line_start(std::string_view s, size_t pos) {
  while (pos > 0 && !break_before(s, pos)) --pos;
  return pos;
}

// The start of the line after the one `pos` is on, npos on the last line.
size_t next_line(std::string_view s, size_t pos) {
  size_t brk = s.find_first_of("\r\n", pos);
  if (brk == std::string_view::npos) return brk;
  return s.compare(brk, 2, "\r\n") == 0 ? brk + 2 : brk + 1;
}

} // namespace

std::string_view detect_eol(std::string_view source) {
  size_t brk = source.find_first_of("\r\n");
  if (brk == std::string_view::npos || source[brk] == '\n') return "\n";
  return source.compare(brk, 2, "\r\n") == 0 ? "\r\n" : "\r";
}

DocstringLiteral encode_docstring(std::string_view text, std::string_view quote,
                                  bool summary_on_new_line) {
  DocstringLiteral lit;
  lit.quote = quote.empty() ? "\"\"\"" : std::string(quote);
  lit.summary_on_new_line = summary_on_new_line;
  char q = lit.quote[0];
  bool backslash = text.find('\\') != std::string_view::npos;
  bool quote_trouble = has_triple(text, q) || (!text.empty() && text.back() == q);
  if (backslash && !quote_trouble && text.back() != '\\') {
    lit.prefix.push_back('r'); // a raw string shows backslashes as written
    lit.lines = split_lines(text);
  } else if (backslash || quote_trouble) {
    lit.lines = split_lines(escape_all(text, q, true));
  } else {
    lit.lines = split_lines(text);
  }
  return lit;
}

std::string escape_for_literal(std::string_view text, std::string_view prefix,
                               std::string_view quote) {
  char q = quote.empty() ? '"' : quote[0];
  bool raw = prefix.find_first_of("rR") != std::string_view::npos;
  if (!raw) return escape_all(text, q, false);
  // Raw strings cannot escape; a backslash before a quote at least stops the string from ending.
  std::string out;
  int run = 0;
  for (char c : text) {
    if (c == q && ++run == 3) {
      out += '\\';
      run = 1;
    } else if (c != q) {
      run = 0;
    }
    out += c;
  }
  return out;
}

std::string layout_literal(const DocstringLiteral& lit, std::string_view indent,
                           std::string_view eol) {
  std::string out = cat({lit.prefix, lit.quote});
  if (lit.body) return cat({out, *lit.body, lit.quote});
  if (lit.lines.size() <= 1)
    return cat({out, lit.lines.empty() ? std::string_view() : lit.lines[0], lit.quote});
  for (size_t i = 0; i < lit.lines.size(); ++i) {
    const std::string& l = lit.lines[i];
    if (i == 0 && !lit.summary_on_new_line) {
      out += l;
      continue;
    }
    out += eol;
    if (!l.empty()) out.append(indent).append(l);
  }
  out.append(eol).append(indent).append(lit.quote);
  return out;
}

std::string docstring_indent(const parser::Definition& def) {
  if (def.kind == parser::DefKind::Module) return "";
  return def.body_indent.empty() ? "    " : def.body_indent;
}

TextEdit docstring_edit(std::string_view source, const parser::Definition& def,
                        const DocstringLiteral& lit) {
  std::string eol(detect_eol(source));
  std::string indent = docstring_indent(def);
  std::string literal = layout_literal(lit, indent, eol);
  auto check = [&](uint32_t b, uint32_t e) {
    if (b > e || e > source.size())
      throw std::invalid_argument("docstring_edit: definition does not match the source");
  };
  bool is_module = def.kind == parser::DefKind::Module;
  if (def.docstring) {
    const auto& r = def.docstring->range;
    check(r.start_byte, r.end_byte);
    if (def.body_on_header_line && !is_module && lit.lines.size() > 1 && !lit.body) {
      // `def f(): "doc"` growing to several lines: give the body its own lines.
      check(def.colon_byte + 1, r.start_byte);
      return {def.colon_byte + 1, r.end_byte, cat({eol, indent, literal})};
    }
    return {r.start_byte, r.end_byte, literal};
  }
  if (is_module) {
    size_t pos = 0;
    if (source.starts_with("\xEF\xBB\xBF")) pos = 3;
    while (pos < source.size()) {
      size_t next = next_line(source, pos);
      std::string_view line =
          source.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
      if (!is_blank_or_comment(line)) break;
      pos = next == std::string_view::npos ? source.size() : next;
    }
    auto at = static_cast<uint32_t>(pos);
    if (pos == source.size()) {
      bool needs_break = pos > 0 && !break_before(source, pos);
      return {at, at, cat({needs_break ? std::string_view(eol) : "", literal, eol})};
    }
    return {at, at, cat({literal, eol, eol})};
  }
  check(def.colon_byte, def.body_start_byte);
  if (def.body_on_header_line) {
    // `def f(x): return x` -> header, docstring and body each on their own line.
    std::string_view gap =
        source.substr(def.colon_byte + 1, def.body_start_byte - def.colon_byte - 1);
    if (gap.find_first_not_of(" \t\f") != std::string_view::npos)
      throw std::invalid_argument("docstring_edit: unexpected text between ':' and the body");
    return {def.colon_byte + 1, def.body_start_byte, cat({eol, indent, literal, eol, indent})};
  }
  // Right below the header line (before any comment lines that open the body).
  size_t next = next_line(source, def.colon_byte);
  if (next != std::string_view::npos && next <= def.body_start_byte) {
    auto at = static_cast<uint32_t>(next);
    return {at, at, cat({indent, literal, eol})};
  }
  // The first statement's own line (should not happen for a well-formed block).
  uint32_t at = def.body_start_byte;
  if (line_start(source, at) != at &&
      source.substr(line_start(source, at), at - line_start(source, at))
              .find_first_not_of(" \t\f") == std::string_view::npos)
    return {at, at, cat({literal, eol, indent})};
  throw std::invalid_argument("docstring_edit: cannot place a docstring for this body");
}

std::string apply_edits(std::string_view source, std::vector<TextEdit> edits) {
  std::stable_sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
    return a.start_byte < b.start_byte;
  });
  for (size_t i = 0; i < edits.size(); ++i) {
    if (edits[i].start_byte > edits[i].end_byte || edits[i].end_byte > source.size())
      throw std::invalid_argument("apply_edits: edit out of range");
    if (i + 1 < edits.size() && edits[i].end_byte > edits[i + 1].start_byte)
      throw std::invalid_argument("apply_edits: overlapping edits");
  }
  std::string out;
  out.reserve(source.size());
  size_t pos = 0;
  for (const auto& e : edits) {
    out.append(source.substr(pos, e.start_byte - pos));
    out += e.new_text;
    pos = e.end_byte;
  }
  out.append(source.substr(pos));
  return out;
}

} // namespace axl::docstring
