#include "parser/context_window.h"

#include "text/text_util.h"

#include <vector>

namespace axl::parser {
namespace {

using text::utf8_prefix;

uint32_t line_start(std::string_view src, uint32_t byte) {
  while (byte > 0 && src[byte - 1] != '\n') --byte;
  return byte;
}

std::string_view leading_ws(std::string_view line) {
  size_t e = 0;
  while (e < line.size() && (line[e] == ' ' || line[e] == '\t')) ++e;
  return line.substr(0, e);
}

// The lines without their '\r', trailing blank lines dropped.
std::vector<std::string_view> code_lines(std::string_view text) {
  auto lines = text::split_lines(text);
  for (auto& line : lines)
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  while (!lines.empty() && leading_ws(lines.back()).size() == lines.back().size()) lines.pop_back();
  return lines;
}

// Appends lines after `out` until the budget is spent; the last line may be cut (on a character
// boundary) so that the window uses its whole budget.
void append_lines(std::string& out, const std::vector<std::string>& lines, size_t limit) {
  for (const auto& line : lines) {
    std::string piece = out.empty() ? line : "\n" + line;
    if (out.size() + piece.size() <= limit) {
      out += piece;
      continue;
    }
    out += utf8_prefix(piece, limit - out.size());
    break;
  }
}

// The source of [from, to) without the docstring literal (and its line when it stood alone).
std::string without_docstring(std::string_view src, uint32_t from, uint32_t to,
                              const std::optional<ExistingDocstring>& doc) {
  if (!doc || doc->range.end_byte <= from || doc->range.start_byte >= to)
    return std::string(src.substr(from, to - from));
  uint32_t cut_from = doc->range.start_byte, cut_to = doc->range.end_byte;
  uint32_t ls = line_start(src, cut_from);
  if (leading_ws(src.substr(ls, cut_from - ls)).size() == cut_from - ls) cut_from = ls;
  uint32_t e = cut_to;
  while (e < src.size() && (src[e] == ' ' || src[e] == '\t' || src[e] == '\r')) ++e;
  if (e < src.size() && src[e] == '\n' && cut_from == ls) cut_to = e + 1;
  cut_from = std::max(cut_from, from);
  cut_to = std::min(cut_to, to);
  return std::string(src.substr(from, cut_from - from)) +
         std::string(src.substr(cut_to, to - cut_to));
}

} // namespace

std::string context_window(std::string_view src, const Definition& def, size_t limit) {
  uint32_t end = std::min<uint32_t>(def.range.end_byte, static_cast<uint32_t>(src.size()));
  std::string out;
  if (def.kind == DefKind::Module) {
    std::vector<std::string> lines;
    std::string text = without_docstring(src, 0, end, def.docstring); // the views below point here
    for (auto l : code_lines(text)) lines.emplace_back(l);
    append_lines(out, lines, limit);
    return out;
  }

  // Header: from the `def`/`class` keyword (decorators dropped) to the ':' — dedented.
  uint32_t kw_line = line_start(src, def.name_range.start_byte);
  uint32_t kw = kw_line;
  while (kw < def.name_range.start_byte && (src[kw] == ' ' || src[kw] == '\t')) ++kw;
  std::string_view def_indent = src.substr(kw_line, kw - kw_line);
  uint32_t header_end = std::min<uint32_t>(def.colon_byte + 1, end);
  std::vector<std::string> lines;
  for (auto l : code_lines(src.substr(kw, header_end - kw)))
    lines.emplace_back(l.starts_with(def_indent) ? l.substr(def_indent.size()) : l);

  // Body: re-indented to four spaces; a body on the header line moves to its own line.
  if (def.body_on_header_line) {
    std::string rest = without_docstring(src, header_end, end, def.docstring);
    size_t b = rest.find_first_not_of(" \t");
    if (b != std::string::npos) {
      for (auto l : code_lines(std::string_view(rest).substr(b)))
        lines.push_back("    " + std::string(l));
    }
  } else {
    uint32_t body_from = line_start(src, def.body_start_byte);
    if (body_from < header_end) body_from = header_end;
    std::string body = without_docstring(src, body_from, end, def.docstring);
    for (auto l : code_lines(body)) {
      if (l.starts_with(def.body_indent) && !def.body_indent.empty())
        lines.push_back("    " + std::string(l.substr(def.body_indent.size())));
      else
        lines.emplace_back(l);
    }
  }
  append_lines(out, lines, limit);
  return out;
}

} // namespace axl::parser
