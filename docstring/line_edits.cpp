#include "docstring/line_edits.h"

#include "docstring/text_util.h"

#include <algorithm>
#include <stdexcept>

namespace axl::docstring {

using Lines = std::vector<std::string>;

namespace {

bool blank(std::string_view s) {
  return trim(s).empty();
}

std::string_view rstripped(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

size_t indent_of(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

// The source lines between the quotes, without their line endings, and that ending ("\n" or
// "\r\n"); nullopt for one line, a lone CR, or a mix of endings.
std::optional<std::pair<Lines, std::string>> split_source_lines(std::string_view raw) {
  if (raw.find('\n') == std::string_view::npos) return std::nullopt;
  Lines lines;
  int crlf = 0, lf = 0;
  size_t p = 0;
  while (true) {
    size_t nl = raw.find('\n', p);
    std::string_view l = raw.substr(p, nl == std::string_view::npos ? raw.npos : nl - p);
    if (nl != std::string_view::npos && l.ends_with('\r')) {
      l.remove_suffix(1);
      ++crlf;
    } else if (nl != std::string_view::npos) {
      ++lf;
    }
    if (l.find('\r') != std::string_view::npos) return std::nullopt;
    lines.emplace_back(l);
    if (nl == std::string_view::npos) break;
    p = nl + 1;
  }
  if (crlf && lf) return std::nullopt;
  return std::pair{std::move(lines), std::string(crlf ? "\r\n" : "\n")};
}

} // namespace

Lines apply_line_edits(Lines lines, std::vector<LineEdit> edits) {
  // Bottom-up; at one line the replacement first, then the insertions in reverse order (each lands
  // before the previous one, so they end up in order, before the replaced lines).
  std::stable_sort(edits.begin(), edits.end(), [](const LineEdit& x, const LineEdit& y) {
    if (x.begin != y.begin) return x.begin > y.begin;
    bool xi = x.begin == x.end, yi = y.begin == y.end;
    if (xi != yi) return !xi;
    return x.order > y.order;
  });
  size_t limit = lines.size();
  for (const auto& e : edits) {
    if (e.begin > e.end || e.end > limit)
      throw std::invalid_argument("docstring update: overlapping line edits");
    lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(e.begin),
                lines.begin() + static_cast<std::ptrdiff_t>(e.end));
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(e.begin), e.lines.begin(),
                 e.lines.end());
    limit = e.begin;
  }
  return lines;
}

std::optional<std::string> patch_raw_body(const parser::ExistingDocstring& doc, const Lines& clean,
                                          const std::vector<LineEdit>& edits) {
  if (doc.quote.size() != 3) return std::nullopt;
  auto split = split_source_lines(doc.raw_body);
  if (!split) return std::nullopt;
  auto& [src, eol] = *split;

  // The cleaned lines are the source lines from `lead` on, less `common` columns (as cleandoc
  // made them); anything else means the mapping is not what we think: hands off.
  size_t common = std::string::npos;
  for (size_t i = 1; i < src.size(); ++i)
    if (!blank(src[i])) common = std::min(common, indent_of(src[i]));
  size_t lead = 0;
  while (lead < src.size() && blank(src[lead])) ++lead;
  auto cleaned = [&](size_t r) -> std::string_view {
    std::string_view l = rstripped(src[r]);
    if (r == 0) return trim(l);
    return l.empty() ? l : l.substr(std::min(common, l.size()));
  };
  if (lead + clean.size() > src.size()) return std::nullopt;
  for (size_t k = 0; k < clean.size(); ++k)
    if (cleaned(lead + k) != clean[k]) return std::nullopt;
  for (size_t r = lead + clean.size(); r < src.size(); ++r)
    if (!blank(src[r])) return std::nullopt;

  // New lines are indented like the human's lines (the closing quotes' indentation when every
  // line of text sits on the opening quotes' line).
  std::string indent;
  if (common != std::string::npos) {
    for (size_t i = 1; i < src.size(); ++i)
      if (!blank(src[i]) && indent_of(src[i]) == common) {
        indent = src[i].substr(0, common);
        break;
      }
  } else {
    indent = src.back(); // blank: all the text is on the first line
  }

  std::vector<LineEdit> shifted;
  for (const auto& e : edits) {
    // The first source line follows the opening quotes: a line put before it, or in its place,
    // would change where the text starts.
    if (lead + e.begin == 0) return std::nullopt;
    LineEdit s{lead + e.begin, lead + e.end, {}, e.order};
    for (const auto& l : e.lines) s.lines.push_back(l.empty() ? l : indent + l);
    shifted.push_back(std::move(s));
  }
  Lines out = apply_line_edits(std::move(src), std::move(shifted));
  std::string body;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i) body += eol;
    body += out[i];
  }
  return body;
}

} // namespace axl::docstring
