#include "parser/docstring_sections.h"

#include "text/text_util.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>

namespace axl::parser {
namespace {

using Lines = std::vector<std::string>;
using text::iequals;
using text::trim;

size_t indent_of(std::string_view l) {
  size_t i = 0;
  while (i < l.size() && (l[i] == ' ' || l[i] == '\t')) ++i;
  return i;
}
bool blank(std::string_view l) {
  return trim(l).empty();
}
std::string unescape_stars(std::string_view name) {
  std::string out;
  for (char c : name)
    if (c != '\\') out += c;
  return out;
}

std::optional<DocSectionKind> kind_for_title(std::string_view title) {
  struct T {
    std::string_view name;
    DocSectionKind kind;
  };
  static const std::array<T, 41> titles = {{
      {"Args", DocSectionKind::Params},
      {"Arguments", DocSectionKind::Params},
      {"Parameters", DocSectionKind::Params},
      {"Params", DocSectionKind::Params},
      {"Parameter", DocSectionKind::Params},
      {"Arg", DocSectionKind::Params},
      {"Keyword Args", DocSectionKind::OtherParams},
      {"Keyword Arguments", DocSectionKind::OtherParams},
      {"Keyword Parameters", DocSectionKind::OtherParams},
      {"Kwargs", DocSectionKind::OtherParams},
      {"Other Parameters", DocSectionKind::OtherParams},
      {"Other Params", DocSectionKind::OtherParams},
      {"Returns", DocSectionKind::Returns},
      {"Return", DocSectionKind::Returns},
      {"Yields", DocSectionKind::Yields},
      {"Yield", DocSectionKind::Yields},
      {"Raises", DocSectionKind::Raises},
      {"Raise", DocSectionKind::Raises},
      {"Exceptions", DocSectionKind::Raises},
      {"Throws", DocSectionKind::Raises},
      {"Attributes", DocSectionKind::Attributes},
      {"Attrs", DocSectionKind::Attributes},
      {"Example", DocSectionKind::Other},
      {"Examples", DocSectionKind::Other},
      {"Note", DocSectionKind::Other},
      {"Notes", DocSectionKind::Other},
      {"Todo", DocSectionKind::Other},
      {"Warning", DocSectionKind::Other},
      {"Warnings", DocSectionKind::Other},
      {"Warns", DocSectionKind::Other},
      {"See Also", DocSectionKind::Other},
      {"References", DocSectionKind::Other},
      {"Methods", DocSectionKind::Other},
      {"Receives", DocSectionKind::Other},
      {"Caution", DocSectionKind::Other},
      {"Tip", DocSectionKind::Other},
      {"Hint", DocSectionKind::Other},
      {"Important", DocSectionKind::Other},
      {"Attention", DocSectionKind::Other},
      {"Danger", DocSectionKind::Other},
      {"Usage", DocSectionKind::Other},
  }};
  for (const auto& t : titles)
    if (iequals(t.name, title)) return t.kind;
  return std::nullopt;
}

// `Args:` at the docstring's own indentation.
std::optional<DocSectionKind> google_header(const Lines& L, size_t i) {
  if (indent_of(L[i]) != 0) return std::nullopt;
  std::string_view t = trim(L[i]);
  if (t.size() < 2 || t.back() != ':') return std::nullopt;
  // A real section indents its content ("Arguments:" over flush-left prose is not one).
  size_t next = i + 1;
  while (next < L.size() && blank(L[next])) ++next;
  if (next == L.size() || indent_of(L[next]) == 0) return std::nullopt;
  return kind_for_title(trim(t.substr(0, t.size() - 1)));
}

bool dashes(std::string_view l) {
  l = trim(l);
  return l.size() >= 3 && l.find_first_not_of('-') == std::string_view::npos;
}

// `Parameters` over `----------`.
bool numpy_header(const Lines& L, size_t i) {
  return i + 1 < L.size() && indent_of(L[i]) == 0 && !blank(L[i]) && !dashes(L[i]) &&
         dashes(L[i + 1]);
}

enum class Role { Main, Type };
struct FieldKind {
  DocSectionKind kind;
  Role role;
};

// The same names for sphinx (`:param x:`) and epytext (`@param x:`).
std::optional<FieldKind> field_kind(std::string_view f) {
  using K = DocSectionKind;
  auto is = [&](std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), f) != names.end();
  };
  if (is({"param", "parameter", "arg", "argument"})) return FieldKind{K::Params, Role::Main};
  if (is({"key", "keyword", "kwarg", "kwparam"})) return FieldKind{K::OtherParams, Role::Main};
  if (f == "type") return FieldKind{K::Params, Role::Type};
  if (is({"returns", "return"})) return FieldKind{K::Returns, Role::Main};
  if (f == "rtype") return FieldKind{K::Returns, Role::Type};
  if (is({"yields", "yield"})) return FieldKind{K::Yields, Role::Main};
  if (f == "ytype") return FieldKind{K::Yields, Role::Type};
  if (is({"raises", "raise", "except", "exception", "throws"}))
    return FieldKind{K::Raises, Role::Main};
  if (is({"ivar", "cvar", "var"})) return FieldKind{K::Attributes, Role::Main};
  if (f == "vartype") return FieldKind{K::Attributes, Role::Type};
  return std::nullopt;
}

struct Field {
  std::string name; // field name ("param")
  std::string args; // "int x"
  std::string rest; // text after the closing ':'
};

// `:param int x: text` (sphinx) or `@param x: text` (epytext), at the docstring's own indentation.
std::optional<Field> parse_field(std::string_view line, char marker) {
  if (indent_of(line) != 0 || line.empty() || line[0] != marker) return std::nullopt;
  size_t p = 1;
  while (p < line.size() && (std::isalpha(static_cast<unsigned char>(line[p])) || line[p] == '_'))
    ++p;
  if (p == 1) return std::nullopt;
  size_t colon = line.find(':', p);
  if (colon == std::string_view::npos) return std::nullopt;
  if (p < line.size() && line[p] != ':' && line[p] != ' ' && line[p] != '\t') return std::nullopt;
  Field f;
  f.name = std::string(line.substr(1, p - 1));
  std::transform(f.name.begin(), f.name.end(), f.name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  f.args = std::string(trim(line.substr(p, colon - p)));
  f.rest = std::string(trim(line.substr(colon + 1)));
  return f;
}

bool known_field(std::string_view line, char marker) {
  auto f = parse_field(line, marker);
  return f && field_kind(f->name).has_value();
}

// Text of an item: the words after its marker, then its continuation lines dedented.
std::string item_description(const Lines& L, std::string_view first, size_t cont_begin,
                             size_t cont_end) {
  size_t common = std::string::npos;
  for (size_t i = cont_begin; i < cont_end; ++i)
    if (!blank(L[i])) common = std::min(common, indent_of(L[i]));
  std::string out(trim(first));
  for (size_t i = cont_begin; i < cont_end; ++i) {
    std::string_view l = L[i];
    std::string_view d = blank(l) ? std::string_view() : l.substr(std::min(common, l.size()));
    if (!out.empty() || !d.empty()) {
      if (!out.empty() || i > cont_begin) out += '\n';
      out += d;
    }
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  while (!out.empty() && out.front() == '\n') out.erase(out.begin());
  return out;
}

size_t trim_end(const Lines& L, size_t b, size_t e) {
  while (e > b && blank(L[e - 1])) --e;
  return e;
}

// `x (int): text`, `*args: text`, `ValueError: text`. nullopt when the line is not an item.
std::optional<DocItem> google_item(std::string_view t) {
  size_t p = 0;
  while (p < t.size() && (t[p] == '*' || t[p] == '\\')) ++p;
  size_t name_begin = p;
  while (p < t.size() && (std::isalnum(static_cast<unsigned char>(t[p])) || t[p] == '_' ||
                          t[p] == '.' || static_cast<unsigned char>(t[p]) >= 0x80))
    ++p;
  if (p == name_begin) return std::nullopt;
  DocItem item;
  item.name = unescape_stars(t.substr(0, p));
  size_t q = p;
  while (q < t.size() && t[q] == ' ') ++q;
  if (q < t.size() && t[q] == '(') {
    int depth = 0;
    size_t close = std::string_view::npos;
    for (size_t i = q; i < t.size(); ++i) {
      if (t[i] == '(' || t[i] == '[' || t[i] == '{') ++depth;
      if ((t[i] == ')' || t[i] == ']' || t[i] == '}') && --depth == 0) {
        close = i;
        break;
      }
    }
    if (close == std::string_view::npos) return std::nullopt;
    item.type = std::string(trim(t.substr(q + 1, close - q - 1)));
    q = close + 1;
    while (q < t.size() && t[q] == ' ') ++q;
  }
  if (q == t.size()) return item;
  if (t[q] != ':') return std::nullopt;
  item.description = std::string(trim(t.substr(q + 1)));
  return item;
}

// Google Returns/Yields: `int: text` has a type when the part before ':' has no blank outside
// brackets ("dict[str, int]: ..." yes, "The result: ..." no).
DocItem google_return(std::string_view t) {
  DocItem item;
  int depth = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '[' || c == '(' || c == '{')
      ++depth;
    else if (c == ']' || c == ')' || c == '}')
      --depth;
    else if (depth == 0 && (c == ' ' || c == '\t'))
      break;
    else if (depth == 0 && c == ':' && i > 0 && (i + 1 == t.size() || t[i + 1] == ' ')) {
      item.type = std::string(t.substr(0, i));
      item.description = std::string(trim(t.substr(i + 1)));
      return item;
    }
  }
  item.description = std::string(t);
  return item;
}

void google_items(const Lines& L, DocSectionSpan& s) {
  size_t first = s.items_begin;
  while (first < s.lines.end && blank(L[first])) ++first;
  if (first >= s.lines.end || s.kind == DocSectionKind::Other) return;
  size_t base = indent_of(L[first]);
  s.item_indent = L[first].substr(0, base);
  if (s.kind == DocSectionKind::Returns || s.kind == DocSectionKind::Yields) {
    DocItemSpan it;
    DocItem head = google_return(trim(L[first]));
    it.item = head;
    it.item.description = item_description(L, head.description, first + 1, s.lines.end);
    it.spans.push_back({first, s.lines.end});
    s.items.push_back(std::move(it));
    return;
  }
  std::vector<std::pair<size_t, DocItem>> starts;
  for (size_t i = first; i < s.lines.end; ++i) {
    if (blank(L[i]) || indent_of(L[i]) != base) continue;
    auto item = google_item(trim(L[i]));
    if (item || starts.empty())
      starts.emplace_back(i, item ? *item : DocItem{"", "", std::string(trim(L[i]))});
  }
  for (size_t k = 0; k < starts.size(); ++k) {
    size_t b = starts[k].first;
    size_t e = trim_end(L, b, k + 1 < starts.size() ? starts[k + 1].first : s.lines.end);
    DocItemSpan it;
    it.item = starts[k].second;
    it.item.description = item_description(L, it.item.description, b + 1, e);
    it.spans.push_back({b, e});
    s.items.push_back(std::move(it));
  }
}

void numpy_items(const Lines& L, DocSectionSpan& s) {
  size_t first = s.items_begin;
  while (first < s.lines.end && blank(L[first])) ++first;
  if (first >= s.lines.end || s.kind == DocSectionKind::Other) return;
  size_t base = indent_of(L[first]);
  s.item_indent = L[first].substr(0, base);
  std::vector<size_t> starts;
  for (size_t i = first; i < s.lines.end; ++i)
    if (!blank(L[i]) && indent_of(L[i]) <= base) starts.push_back(i);
  for (size_t k = 0; k < starts.size(); ++k) {
    size_t b = starts[k];
    size_t e = trim_end(L, b, k + 1 < starts.size() ? starts[k + 1] : s.lines.end);
    std::string_view head = trim(L[b]);
    std::string desc = item_description(L, "", b + 1, e);
    std::vector<DocItem> items;
    size_t sep = head.find(" : ");
    std::string_view names = head, type;
    if (sep != std::string_view::npos) {
      names = trim(head.substr(0, sep));
      type = trim(head.substr(sep + 3));
    } else if (head.ends_with(" :") || head.ends_with(":")) {
      names = trim(head.substr(0, head.rfind(':')));
    }
    if (s.kind == DocSectionKind::Returns || s.kind == DocSectionKind::Yields) {
      // `int` alone is a type; `name : int` names the value.
      if (sep == std::string_view::npos)
        items.push_back({"", std::string(names), desc});
      else
        items.push_back({std::string(names), std::string(type), desc});
    } else if (s.kind == DocSectionKind::Raises) {
      items.push_back({std::string(head), "", desc});
    } else {
      // `x, y : int` documents two parameters with one text.
      size_t p = 0;
      while (p <= names.size()) {
        size_t comma = names.find(',', p);
        std::string_view n = trim(
            names.substr(p, comma == std::string_view::npos ? std::string_view::npos : comma - p));
        if (!n.empty()) items.push_back({unescape_stars(n), std::string(type), desc});
        if (comma == std::string_view::npos) break;
        p = comma + 1;
      }
    }
    for (auto& item : items) s.items.push_back({std::move(item), {{b, e}}});
  }
}

void sectioned_layout(DocLayout& d, bool numpy) {
  const Lines& L = d.lines;
  size_t n = L.size();
  size_t i = 0;
  while (i < n) {
    std::optional<DocSectionKind> kind;
    size_t header_lines = 1;
    std::string title;
    if (numpy && numpy_header(L, i)) {
      title = std::string(trim(L[i]));
      kind = kind_for_title(title).value_or(DocSectionKind::Other);
      header_lines = 2;
    } else if (!numpy) {
      kind = google_header(L, i);
      if (kind) title = std::string(trim(std::string_view(L[i]).substr(0, trim(L[i]).size() - 1)));
    }
    if (!kind) {
      ++i;
      continue;
    }
    size_t j = i + header_lines;
    if (numpy) {
      while (j < n && !numpy_header(L, j)) ++j;
    } else {
      while (j < n && (blank(L[j]) || indent_of(L[j]) > 0)) ++j;
    }
    DocSectionSpan s;
    s.kind = *kind;
    s.title = title;
    s.lines = {i, trim_end(L, i + header_lines, j)};
    s.items_begin = i + header_lines;
    if (numpy)
      numpy_items(L, s);
    else
      google_items(L, s);
    d.sections.push_back(std::move(s));
    i = j;
  }
}

struct Unit {
  FieldKind fk;
  std::string args, desc;
  LineSpan span;
};

void field_layout(DocLayout& d, char marker) {
  const Lines& L = d.lines;
  size_t n = L.size();
  std::vector<Unit> units;
  size_t first_field = n;
  for (size_t i = 0; i < n; ++i) {
    auto f = parse_field(L[i], marker);
    if (!f) continue;
    first_field = std::min(first_field, i);
    size_t j = i + 1;
    while (j < n && (blank(L[j]) || indent_of(L[j]) > 0)) ++j;
    size_t e = trim_end(L, i + 1, j);
    auto fk = field_kind(f->name);
    if (fk) units.push_back({*fk, f->args, item_description(L, f->rest, i + 1, e), {i, e}});
    i = j - 1;
  }
  d.preamble_end = first_field;

  std::map<DocSectionKind, DocSectionSpan> groups;
  auto item_for = [&](DocSectionKind k, const std::string& name) -> DocItemSpan& {
    auto& g = groups[k];
    g.kind = k;
    for (auto& it : g.items)
      if (it.item.name == name) return it;
    g.items.push_back({DocItem{name, "", ""}, {}});
    return g.items.back();
  };
  for (const auto& u : units) {
    if (u.fk.role != Role::Main) continue;
    std::string name, type;
    if (u.fk.kind != DocSectionKind::Returns && u.fk.kind != DocSectionKind::Yields) {
      // `:param int x:` -> type "int", name "x"; `:raises ValueError:` -> name "ValueError".
      std::string_view a = u.args;
      size_t sp =
          u.fk.kind == DocSectionKind::Raises ? std::string_view::npos : a.find_last_of(" \t");
      name = unescape_stars(sp == std::string_view::npos ? a : trim(a.substr(sp + 1)));
      if (sp != std::string_view::npos) type = std::string(trim(a.substr(0, sp)));
    }
    auto& it = item_for(u.fk.kind, name);
    if (!type.empty()) it.item.type = type;
    it.item.description = u.desc;
    it.spans.push_back(u.span);
  }
  for (const auto& u : units) {
    if (u.fk.role != Role::Type) continue;
    std::string name = unescape_stars(u.args);
    DocSectionKind k = u.fk.kind;
    // epytext's @type serves both @param and @ivar.
    if (k == DocSectionKind::Params && groups.count(DocSectionKind::Attributes)) {
      bool is_param = false;
      for (const auto& it : groups[DocSectionKind::Params].items) is_param |= it.item.name == name;
      for (const auto& it : groups[DocSectionKind::Attributes].items)
        if (!is_param && it.item.name == name) k = DocSectionKind::Attributes;
    }
    auto& it = item_for(k, k == DocSectionKind::Returns || k == DocSectionKind::Yields ? "" : name);
    it.item.type = text::collapse_spaces(u.desc);
    it.spans.push_back(u.span);
  }
  for (auto& [k, g] : groups) {
    g.lines = {n, 0};
    for (auto& it : g.items) {
      std::sort(it.spans.begin(), it.spans.end(),
                [](const LineSpan& a, const LineSpan& b) { return a.begin < b.begin; });
      for (const auto& sp : it.spans) {
        g.lines.begin = std::min(g.lines.begin, sp.begin);
        g.lines.end = std::max(g.lines.end, sp.end);
      }
    }
    g.items_begin = g.lines.begin;
    d.sections.push_back(std::move(g));
  }
  std::sort(d.sections.begin(), d.sections.end(),
            [](const DocSectionSpan& a, const DocSectionSpan& b) {
              return a.lines.begin < b.lines.begin;
            });
}

} // namespace

std::vector<std::string> clean_docstring_lines(std::string_view raw) {
  Lines lines;
  for (std::string_view l : text::split_lines(raw)) {
    while (!l.empty() && text::is_space(l.back())) l.remove_suffix(1);
    lines.emplace_back(l);
  }
  size_t common = std::string::npos;
  for (size_t i = 1; i < lines.size(); ++i)
    if (!blank(lines[i])) common = std::min(common, indent_of(lines[i]));
  lines[0] = std::string(trim(lines[0]));
  for (size_t i = 1; i < lines.size(); ++i)
    lines[i] = blank(lines[i]) ? std::string() : lines[i].substr(std::min(common, lines[i].size()));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  size_t lead = 0;
  while (lead < lines.size() && lines[lead].empty()) ++lead;
  lines.erase(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(lead));
  return lines;
}

std::string clean_docstring(std::string_view raw_body) {
  auto lines = clean_docstring_lines(raw_body);
  return text::join_lines(lines);
}

DocStyle detect_docstring_style(const std::vector<std::string>& L) {
  for (size_t i = 0; i < L.size(); ++i) {
    if (numpy_header(L, i) && kind_for_title(trim(L[i]))) return DocStyle::Numpy;
    if (google_header(L, i)) return DocStyle::Google;
    if (known_field(L[i], ':')) return DocStyle::Sphinx;
    if (known_field(L[i], '@')) return DocStyle::Epytext;
  }
  return DocStyle::Unknown;
}

DocLayout parse_docstring_layout(std::string_view text, DocStyle style) {
  DocLayout d;
  if (!text.empty())
    for (std::string_view l : text::split_lines(text)) d.lines.emplace_back(l);
  d.style = style == DocStyle::Unknown ? detect_docstring_style(d.lines) : style;
  d.preamble_end = d.lines.size();
  switch (d.style) {
  case DocStyle::Google:
    sectioned_layout(d, false);
    break;
  case DocStyle::Numpy:
    sectioned_layout(d, true);
    break;
  case DocStyle::Sphinx:
    field_layout(d, ':');
    break;
  case DocStyle::Epytext:
    field_layout(d, '@');
    break;
  default:
    break;
  }
  if (!d.sections.empty() && d.style != DocStyle::Sphinx && d.style != DocStyle::Epytext)
    d.preamble_end = d.sections.front().lines.begin;
  d.preamble_end = trim_end(d.lines, 0, d.preamble_end);
  return d;
}

void parse_docstring_sections(ExistingDocstring& doc) {
  auto lines = clean_docstring_lines(doc.raw_body);
  doc.text = text::join_lines(lines);
  DocLayout d = parse_docstring_layout(doc.text);
  doc.style = d.style;
  size_t s = 0;
  while (s < d.preamble_end && !blank(d.lines[s])) ++s;
  doc.summary = text::join_lines(d.lines, 0, s);
  doc.params.clear();
  doc.returns.clear();
  doc.yields.clear();
  doc.raises.clear();
  doc.attributes.clear();
  for (const auto& sec : d.sections) {
    std::vector<DocItem>* out = nullptr;
    switch (sec.kind) {
    case DocSectionKind::Params:
    case DocSectionKind::OtherParams:
      out = &doc.params;
      break;
    case DocSectionKind::Returns:
      out = &doc.returns;
      break;
    case DocSectionKind::Yields:
      out = &doc.yields;
      break;
    case DocSectionKind::Raises:
      out = &doc.raises;
      break;
    case DocSectionKind::Attributes:
      out = &doc.attributes;
      break;
    case DocSectionKind::Other:
      break;
    }
    if (out)
      for (const auto& it : sec.items) out->push_back(it.item);
  }
}

} // namespace axl::parser
