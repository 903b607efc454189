#include "parser/indent_map.h"

#include "text/text_util.h"

#include <algorithm>
#include <map>

namespace axl::parser {
namespace {

// tree-sitter-python's scanner: the widest indentation its saved state can hold.
constexpr uint32_t kMaxScannerIndent = 255;

struct Indent {
  uint32_t bytes = 0; // length of the leading run of ' ', '\t', '\f'
  uint32_t width = 0; // as the scanner counts it: ' ' 1, '\t' 8, '\f' back to 0
};

Indent indent_of(std::string_view line) {
  Indent in;
  for (char c : line) {
    if (c == ' ')
      ++in.width;
    else if (c == '\t')
      in.width += 8;
    else if (c == '\f')
      in.width = 0;
    else
      break;
    ++in.bytes;
  }
  return in;
}

bool has_deep_indent(std::string_view s) {
  for (size_t pos = 0; pos < s.size();) {
    if (indent_of(s.substr(pos)).width > kMaxScannerIndent) return true;
    size_t nl = s.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return false;
}

} // namespace

std::optional<IndentMap> IndentMap::build(std::string_view source, std::string& copy) {
  if (!has_deep_indent(source)) return std::nullopt; // the common case: nothing to allocate
  std::vector<std::string_view> lines = text::split_lines_keep_ends(source);
  std::vector<Indent> indents;
  indents.reserve(lines.size());
  std::map<uint32_t, uint32_t> rank; // width -> its rank among the source's widths
  for (auto line : lines) {
    indents.push_back(indent_of(line));
    rank.emplace(indents.back().width, 0);
  }
  if (rank.size() > kMaxScannerIndent + 1) return std::nullopt; // past CPython's 100 levels too
  uint32_t next = 0;
  for (auto& [width, r] : rank) r = next++;

  IndentMap map;
  map.lines_.reserve(lines.size());
  copy.clear();
  copy.reserve(source.size());
  uint32_t source_start = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    uint32_t renumbered = rank[indents[i].width];
    map.lines_.push_back(
        {static_cast<uint32_t>(copy.size()), source_start, renumbered, indents[i].bytes});
    copy.append(renumbered, ' ');
    copy.append(lines[i].substr(indents[i].bytes));
    source_start += static_cast<uint32_t>(lines[i].size());
  }
  return map;
}

const IndentMap::Line& IndentMap::line_of_byte(uint32_t copy_byte) const {
  auto it = std::upper_bound(lines_.begin(), lines_.end(), copy_byte,
                             [](uint32_t b, const Line& l) { return b < l.copy_start; });
  return it == lines_.begin() ? lines_.front() : *(it - 1);
}

uint32_t IndentMap::column_to_source(const Line& l, uint32_t copy_column) {
  // Inside the renumbered indentation (rare: nodes start after it) the nearest source column.
  return copy_column >= l.copy_indent ? l.source_indent + (copy_column - l.copy_indent)
                                      : std::min(copy_column, l.source_indent);
}

uint32_t IndentMap::to_source(uint32_t copy_byte) const {
  const Line& l = line_of_byte(copy_byte);
  return l.source_start + column_to_source(l, copy_byte - l.copy_start);
}

Point IndentMap::to_source(Point copy_point) const {
  if (copy_point.line >= lines_.size()) return copy_point;
  return {copy_point.line, column_to_source(lines_[copy_point.line], copy_point.column)};
}

} // namespace axl::parser
