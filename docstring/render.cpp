#include "docstring/render.h"

#include "docstring/facts.h"
#include "docstring/heuristic_summary.h"
#include "docstring/text_util.h"

namespace axl::docstring {

using parser::DefKind;
using parser::DocSectionKind;
using Lines = std::vector<std::string>;

namespace {

void append(Lines& out, const Lines& more) {
  out.insert(out.end(), more.begin(), more.end());
}

std::string text_or(const std::map<std::string, std::string, std::less<>>& m, std::string_view key,
                    const std::string& fallback) {
  auto it = m.find(key);
  return it == m.end() || trim(it->second).empty() ? fallback : it->second;
}

// The field markers of sphinx (`:param x:`) and epytext (`@param x:`).
struct FieldNames {
  std::string_view main, type;
};
FieldNames field_names(Style style, DocSectionKind kind) {
  bool sphinx = style == Style::Sphinx;
  switch (kind) {
  case DocSectionKind::Params:
    return {"param", "type"};
  case DocSectionKind::OtherParams:
    return {"keyword", "type"};
  case DocSectionKind::Returns:
    return {sphinx ? "returns" : "return", "rtype"};
  case DocSectionKind::Yields:
    return {sphinx ? "yields" : "yield", "ytype"};
  case DocSectionKind::Raises:
    return {sphinx ? "raises" : "raise", ""};
  case DocSectionKind::Attributes:
    return {"ivar", sphinx ? "vartype" : "type"};
  case DocSectionKind::Other:
    break;
  }
  return {"", ""};
}

std::string_view google_title(DocSectionKind kind) {
  switch (kind) {
  case DocSectionKind::Params:
    return "Args:";
  case DocSectionKind::OtherParams:
    return "Keyword Args:";
  case DocSectionKind::Returns:
    return "Returns:";
  case DocSectionKind::Yields:
    return "Yields:";
  case DocSectionKind::Raises:
    return "Raises:";
  case DocSectionKind::Attributes:
    return "Attributes:";
  case DocSectionKind::Other:
    break;
  }
  return "Notes:";
}

std::string_view numpy_title(DocSectionKind kind) {
  switch (kind) {
  case DocSectionKind::Params:
    return "Parameters";
  case DocSectionKind::OtherParams:
    return "Other Parameters";
  case DocSectionKind::Returns:
    return "Returns";
  case DocSectionKind::Yields:
    return "Yields";
  case DocSectionKind::Raises:
    return "Raises";
  case DocSectionKind::Attributes:
    return "Attributes";
  case DocSectionKind::Other:
    break;
  }
  return "Notes";
}

bool single_value(DocSectionKind k) {
  return k == DocSectionKind::Returns || k == DocSectionKind::Yields;
}

// A default that is a private name (`_Default`, `mod._MISSING`) is a sentinel: "Defaults to
// _Default." tells the reader nothing.
bool private_name(std::string_view value) {
  value = trim(value);
  if (value.empty()) return false;
  for (char c : value)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.') return false;
  std::string_view last = last_component(value);
  return last.starts_with('_') && !is_dunder(last);
}

} // namespace

std::string with_default(std::string description, const std::optional<std::string>& def) {
  if (!def || icontains(description, "default") || private_name(*def)) return description;
  std::string d = sentence(description);
  if (!d.empty()) d += ' ';
  return d + "Defaults to " + collapse_spaces(*def) + ".";
}

RenderItem param_item(const parser::Parameter& p, const DocText& text, Style style,
                      bool include_types) {
  RenderItem it;
  it.name = display_name(p);
  if (include_types && p.annotation) it.type = type_text(*p.annotation);
  if (style == Style::Numpy && include_types && p.default_value)
    it.type = it.type.empty() ? "optional" : it.type + ", optional";
  it.description =
      with_default(sentence(text_or(text.params, p.name, heuristic_param(p))), p.default_value);
  return it;
}

RenderItem returns_item(const parser::Definition& def, const DocText& text, Style style,
                        bool include_types) {
  RenderItem it;
  if (include_types && def.return_annotation) it.type = type_text(*def.return_annotation);
  it.description = sentence(trim(text.returns).empty() ? heuristic_returns(def) : text.returns);
  // An entry with no words worth writing (never filler like "The result.") is its type alone: the
  // annotation, else what a lone `return 1` proves, else "object" — except in numpy, which
  // shows the type the code proves and otherwise the words alone (or no entry at all) rather
  // than an invented `object` type line.
  if (it.type.empty() && (style == Style::Numpy || it.description.empty())) {
    it.type = def.return_annotation ? type_text(*def.return_annotation) : inferred_return_type(def);
    if (it.type.empty() && style != Style::Numpy) it.type = "object";
  }
  return it;
}

RenderItem yields_item(const parser::Definition& def, const DocText& text, Style style,
                       bool include_types) {
  RenderItem it;
  if ((include_types || style == Style::Numpy) && def.return_annotation)
    it.type = iterator_element_type(*def.return_annotation);
  it.description = sentence(trim(text.yields).empty() ? heuristic_yields(def) : text.yields);
  // As for Returns: no words (never "The next value.") is the element type alone, else `object`;
  // numpy invents no type line, so it then writes no entry.
  if (it.type.empty() && it.description.empty()) {
    if (def.return_annotation) it.type = iterator_element_type(*def.return_annotation);
    if (it.type.empty() && style != Style::Numpy) it.type = "object";
  }
  return it;
}

RenderItem raises_item(std::string_view exception, const DocText& text) {
  return {std::string(exception), "",
          sentence(text_or(text.raises, exception, heuristic_raises(exception)))};
}

std::vector<RenderItem> param_items(const parser::Definition& def, const DocText& text,
                                    const RenderOptions& opts) {
  std::vector<RenderItem> out;
  for (const auto& p : documented_params(def, opts))
    out.push_back(param_item(p, text, opts.style, opts.include_types));
  return out;
}

Lines render_items(Style style, DocSectionKind kind, const std::vector<RenderItem>& items,
                   int width, std::string_view item_indent) {
  Lines out;
  std::string ind(item_indent), deeper = std::string(item_indent) + "    ";
  for (const auto& it : items) {
    switch (style) {
    case Style::Google: {
      std::string head = ind;
      if (single_value(kind)) {
        if (!it.type.empty()) head += it.type + (it.description.empty() ? "" : ": ");
        append(out, wrap(it.description, width, head, ind));
      } else {
        head += it.name;
        if (!it.type.empty() && kind != DocSectionKind::Raises) head += " (" + it.type + ")";
        // An entry without words is its name alone ("TypeError"), not "TypeError:".
        append(out,
               wrap(it.description, width, head + (it.description.empty() ? "" : ": "), deeper));
      }
      break;
    }
    case Style::Numpy: {
      std::string head = ind;
      if (single_value(kind))
        head += it.name.empty() ? it.type : it.name + " : " + it.type;
      else
        head +=
            it.name + (it.type.empty() || kind == DocSectionKind::Raises ? "" : " : " + it.type);
      // A return value of unknown type: its description alone, indented under the header.
      if (head != ind) out.push_back(head);
      if (!it.description.empty()) append(out, wrap(it.description, width, deeper, deeper));
      break;
    }
    case Style::Sphinx:
    case Style::Epytext: {
      char m = style == Style::Sphinx ? ':' : '@';
      FieldNames f = field_names(style, kind);
      std::string arg = single_value(kind) ? "" : " " + it.name;
      std::string head = std::string(1, m) + std::string(f.main) + arg + ": ";
      // A return value without words is documented by its type field alone.
      if (!(single_value(kind) && it.description.empty() && !it.type.empty()))
        append(out, wrap(it.description, width, head, "    "));
      if (!it.type.empty() && !f.type.empty())
        out.push_back(std::string(1, m) + std::string(f.type) + arg + ": " + it.type);
      break;
    }
    case Style::Pep257:
      break;
    }
  }
  return out;
}

Lines render_section(Style style, DocSectionKind kind, const std::vector<RenderItem>& items,
                     int width) {
  Lines out;
  if (items.empty() || style == Style::Pep257) return out;
  if (style == Style::Google) out.emplace_back(google_title(kind));
  if (style == Style::Numpy) {
    out.emplace_back(numpy_title(kind));
    out.emplace_back(numpy_title(kind).size(), '-');
  }
  bool fields = style == Style::Sphinx || style == Style::Epytext;
  append(out,
         render_items(style, kind, items, width, fields || style == Style::Numpy ? "" : "    "));
  return out;
}

Lines render_lines(const parser::Definition& def, const DocText& given, const RenderOptions& opts,
                   int indent_cols) {
  DocText text = given;
  fill_gaps(text, def);
  int width = std::max(20, opts.width - indent_cols);
  Style style = opts.style;

  // Sections first: whether there are any decides if the summary may share a line with both quotes.
  std::vector<Lines> sections;
  bool sections_allowed = style != Style::Pep257 && def.kind != DefKind::Module && !def.is_property;
  auto add = [&](DocSectionKind kind, const std::vector<RenderItem>& items) {
    Lines s = render_section(style, kind, items, width);
    if (!s.empty()) sections.push_back(std::move(s));
  };
  if (sections_allowed) {
    add(DocSectionKind::Params, param_items(def, text, opts));
    if (documents_returns(def)) {
      auto ret = returns_item(def, text, style, opts.include_types);
      if (!ret.type.empty() || !ret.description.empty()) add(DocSectionKind::Returns, {ret});
    }
    if (documents_yields(def)) {
      auto yl = yields_item(def, text, style, opts.include_types);
      if (!yl.type.empty() || !yl.description.empty()) add(DocSectionKind::Yields, {yl});
    }
    std::vector<RenderItem> raises;
    for (const auto& r : documented_raises(def)) raises.push_back(raises_item(r, text));
    add(DocSectionKind::Raises, raises);
    std::vector<RenderItem> attrs;
    for (const auto& a : documented_attributes(def, opts)) {
      RenderItem it{a.name, opts.include_types && a.annotation ? type_text(*a.annotation) : "",
                    sentence(text_or(text.attributes, a.name, heuristic_attribute(a)))};
      attrs.push_back(std::move(it));
    }
    add(DocSectionKind::Attributes, attrs);
  }

  std::string description = std::string(trim(text.description));
  // The summary is one line however long (PEP 257's summary line): wrapped at the width, its
  // first line would lack the period and the blank line after it (pydocstyle D205, D400/D415).
  Lines out = {collapse_spaces(sentence(text.summary))};
  if (!description.empty()) {
    // Paragraphs of the description are separated by blank lines.
    size_t p = 0;
    while (p <= description.size()) {
      size_t e = description.find("\n\n", p);
      std::string_view para = std::string_view(description)
                                  .substr(p, e == std::string::npos ? std::string::npos : e - p);
      if (!trim(para).empty()) {
        out.emplace_back();
        append(out, wrap(para, width, "", ""));
      }
      if (e == std::string::npos) break;
      p = e + 2;
    }
  }
  bool fields = style == Style::Sphinx || style == Style::Epytext;
  for (size_t i = 0; i < sections.size(); ++i) {
    if (i == 0 || !fields) out.emplace_back(); // reST field lists stay one block
    append(out, sections[i]);
  }
  return out;
}

std::string render_docstring(const parser::Definition& def, const DocText& text,
                             const RenderOptions& opts, int indent_cols) {
  std::string out;
  for (const auto& l : render_lines(def, text, opts, indent_cols)) {
    out += l;
    out += '\n';
  }
  if (!out.empty()) out.pop_back();
  return out;
}

} // namespace axl::docstring
