#include "docstring/stale.h"

#include "docstring/facts.h"
#include "docstring/heuristic_summary.h"
#include "docstring/render.h"
#include "docstring/text_util.h"

#include <algorithm>
#include <set>

namespace axl::docstring {

using parser::Definition;
using parser::DefKind;
using parser::DocLayout;
using parser::DocSectionKind;
using parser::DocSectionSpan;
using Lines = std::vector<std::string>;

namespace {

const DocSectionSpan* section(const DocLayout& d, DocSectionKind kind) {
  for (const auto& s : d.sections)
    if (s.kind == kind) return &s;
  return nullptr;
}

bool is_callable(const Definition& def) {
  return def.kind == DefKind::Function || def.kind == DefKind::Method;
}

bool raises_not_implemented(const Definition& def) {
  for (const auto& r : def.raises)
    if (last_component(r) == "NotImplementedError") return true;
  return false;
}

// Everything the check and the update both need.
struct Analysis {
  DocLayout layout;
  Style style = Style::Google;
  std::vector<parser::Parameter> sig;
  const DocSectionSpan* params = nullptr;
  std::vector<size_t> missing;                    // indices into sig
  std::vector<size_t> extra;                      // indices into params->items, reported
  std::vector<std::pair<size_t, size_t>> renames; // (sig index, item index)
  bool has_var_keyword = false;
  std::vector<Mismatch> mismatches;
};

std::optional<Analysis> analyse(const Definition& def) {
  if (!def.docstring) return std::nullopt;
  Analysis a;
  a.layout = parser::parse_docstring_layout(def.docstring->text, def.docstring->style);
  auto st = from_doc_style(a.layout.style);
  if (!st || *st == Style::Pep257) return std::nullopt;
  // Only a docstring that documents facts (parameters, returns, ...) is held to them; one with
  // just a "Note:" or "Examples" section is prose.
  if (std::all_of(a.layout.sections.begin(), a.layout.sections.end(),
                  [](const DocSectionSpan& s) { return s.kind == DocSectionKind::Other; }))
    return std::nullopt;
  a.style = *st;
  a.params = section(a.layout, DocSectionKind::Params);
  auto& out = a.mismatches;

  // Which signature the docstring should describe.
  bool init = def.kind == DefKind::Method && def.name == "__init__";
  bool check_params = (def.kind == DefKind::Class && !def.is_dataclass && a.params) ||
                      (is_callable(def) && !def.is_property && (!init || a.params));
  // Entries that do not read as `name: text` mean the section is not in the style: hands off.
  if (a.params && std::any_of(a.params->items.begin(), a.params->items.end(),
                              [](const parser::DocItemSpan& it) { return it.item.name.empty(); }))
    check_params = false;
  if (check_params) {
    for (const parser::Parameter* p : documentable_params(def)) a.sig.push_back(*p);
    std::vector<std::string> doc, other;
    if (a.params)
      for (const auto& it : a.params->items) doc.push_back(strip_stars(it.item.name));
    for (const auto& s : a.layout.sections)
      if (s.kind == DocSectionKind::OtherParams)
        for (const auto& it : s.items) other.push_back(strip_stars(it.item.name));
    auto has = [](const std::vector<std::string>& v, const std::string& n) {
      return std::find(v.begin(), v.end(), n) != v.end();
    };
    std::vector<std::string> sig_names;
    for (const auto& p : a.sig) {
      sig_names.push_back(p.name);
      a.has_var_keyword |= p.kind == parser::ParamKind::VarKeyword;
    }
    for (size_t i = 0; i < a.sig.size(); ++i)
      if (!has(doc, sig_names[i]) && !has(other, sig_names[i])) a.missing.push_back(i);
    std::vector<size_t> extra;
    std::set<std::string> seen;
    for (size_t j = 0; j < doc.size(); ++j)
      if (!has(sig_names, doc[j]) && !doc[j].empty() && seen.insert(doc[j]).second)
        extra.push_back(j);
    // Renames: a missing parameter and an extra entry at the same position, or the only pair
    // there is; never to *args/**kwargs. (Keeping a human's words under a new name beats
    // deleting them; the entry's type is replaced by the new annotation.)
    std::vector<size_t> missing_left;
    for (size_t i : a.missing) {
      bool variadic = a.sig[i].kind == parser::ParamKind::VarPositional ||
                      a.sig[i].kind == parser::ParamKind::VarKeyword;
      auto same = std::find(extra.begin(), extra.end(), i);
      bool only_pair = a.missing.size() == 1 && extra.size() == 1 && !a.has_var_keyword;
      if (same == extra.end() && only_pair) same = extra.begin();
      if (variadic || (same != extra.end() && doc[*same].empty())) same = extra.end();
      if (same != extra.end()) {
        a.renames.emplace_back(i, *same);
        extra.erase(same);
      } else {
        missing_left.push_back(i);
      }
    }
    a.missing = missing_left;
    if (!a.has_var_keyword) a.extra = extra;
    for (auto [i, j] : a.renames)
      out.push_back(
          {"DOC103",
           "Parameter `" + doc[j] + "` in the docstring was renamed to `" + sig_names[i] + "`",
           sig_names[i], true});
    for (size_t i : a.missing)
      out.push_back({"DOC101", "Parameter `" + sig_names[i] + "` is missing from the docstring",
                     sig_names[i], true});
    for (size_t j : a.extra)
      out.push_back({"DOC102", "Docstring documents `" + doc[j] + "`, which is not a parameter",
                     doc[j], true});
  }

  if (is_callable(def) && !def.is_property) {
    const auto* ret = section(a.layout, DocSectionKind::Returns);
    bool documented = ret && !ret->items.empty();
    if (documents_returns(def) && !ret)
      out.push_back({"DOC201", "Return value is not documented", "", true});
    bool returns_nothing =
        def.return_annotation ? is_none_annotation(*def.return_annotation) : !def.returns_value;
    if (documented && !documents_returns(def) && !def.yields && !def.is_abstract &&
        !raises_not_implemented(def) && returns_nothing)
      out.push_back(
          {"DOC202", "Docstring documents a return value, but nothing is returned", "", true});
    const auto* yl = section(a.layout, DocSectionKind::Yields);
    // A generator whose Returns section describes the iterator is documented already.
    if (documents_yields(def) && !yl && !ret)
      out.push_back({"DOC402", "Yielded values are not documented", "", true});
    if (yl && !def.yields && !def.is_abstract && !raises_not_implemented(def))
      out.push_back(
          {"DOC403", "Docstring documents yields, but the function is not a generator", "", true});

    const auto* rs = section(a.layout, DocSectionKind::Raises);
    std::set<std::string, std::less<>> doc_raises;
    if (rs)
      for (const auto& it : rs->items) doc_raises.insert(std::string(last_component(it.item.name)));
    auto raised = documented_raises(def);
    for (const auto& r : raised)
      if (!doc_raises.count(last_component(r)))
        out.push_back({"DOC501", "Exception `" + r + "` is raised but not documented", r, true});
    if (rs && !rs->items.empty() && raised.empty() && def.raises.empty() && !def.is_abstract)
      out.push_back(
          {"DOC502", "Docstring documents raised exceptions, but the body raises none", "", false});
  }
  return a;
}

// Replaces the parameter token (with its stars / reST escapes) `old_bare` by `new_name`; when
// `new_type` is given, the entry's written type follows it (`x (int):`, `x : int`, `:type x: int`).
std::string rename_in_line(const std::string& line, std::string_view old_bare,
                           const std::string& new_name, const std::string& new_type) {
  auto ident = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  size_t p = 0;
  while ((p = line.find(old_bare, p)) != std::string::npos) {
    size_t e = p + old_bare.size();
    bool left_ok = p == 0 || !ident(line[p - 1]);
    bool right_ok = e >= line.size() || !ident(line[e]);
    if (!left_ok || !right_ok) {
      p = e;
      continue;
    }
    size_t b = p;
    while (b > 0 && (line[b - 1] == '*' || line[b - 1] == '\\')) --b;
    std::string head = line.substr(0, b) + new_name;
    std::string rest = line.substr(e);
    if (!new_type.empty()) {
      std::string_view marker = trim(std::string_view(line).substr(0, b));
      if (rest.starts_with(" (")) { // google `x (int): ...`
        int depth = 0;
        for (size_t i = 1; i < rest.size(); ++i) {
          if (rest[i] == '(' || rest[i] == '[') ++depth;
          if ((rest[i] == ')' || rest[i] == ']') && --depth == 0) {
            rest = " (" + new_type + ")" + rest.substr(i + 1);
            break;
          }
        }
      } else if (rest.starts_with(" : ")) { // numpy `x : int`
        rest = " : " + new_type;
      } else if ((marker == ":type" || marker == "@type") && rest.starts_with(":")) {
        rest = ": " + new_type;
      }
    }
    return head + rest;
  }
  return line;
}

struct LineEdit {
  size_t begin, end;
  Lines lines;
  int order = 0; // for insertions at the same line: canonical section order
};

int section_order(DocSectionKind k) {
  switch (k) {
  case DocSectionKind::Params:
  case DocSectionKind::OtherParams:
    return 0;
  case DocSectionKind::Returns:
    return 1;
  case DocSectionKind::Yields:
    return 2;
  case DocSectionKind::Raises:
    return 3;
  case DocSectionKind::Attributes:
    return 4;
  case DocSectionKind::Other:
    break;
  }
  return 9;
}

bool field_style(Style s) {
  return s == Style::Sphinx || s == Style::Epytext;
}

// Where a new section of `kind` goes: after the last known section ordered before it, else before
// the first ordered after it, else after the summary and description.
LineEdit insert_section(const Analysis& a, DocSectionKind kind, Lines body) {
  int k = section_order(kind);
  const DocSectionSpan *after = nullptr, *before = nullptr;
  for (const auto& s : a.layout.sections) {
    int o = section_order(s.kind);
    if (o > 4) continue;
    if (o <= k)
      after = &s;
    else if (!before)
      before = &s;
  }
  bool fields = field_style(a.style);
  Lines lines;
  size_t pos;
  if (after) {
    pos = after->lines.end;
    if (!fields) lines.emplace_back();
    lines.insert(lines.end(), body.begin(), body.end());
  } else if (before) {
    pos = before->lines.begin;
    lines = body;
    if (!fields) lines.emplace_back();
  } else {
    pos = a.layout.preamble_end;
    if (pos > 0) lines.emplace_back();
    lines.insert(lines.end(), body.begin(), body.end());
    if (pos == 0 && !a.layout.lines.empty()) lines.emplace_back();
  }
  return {pos, pos, std::move(lines), k};
}

// Removes a whole section (and the blank line that separated it), or a field group's lines.
void remove_section(const Analysis& a, const DocSectionSpan& s, std::vector<LineEdit>& edits) {
  if (field_style(a.style)) {
    for (const auto& it : s.items)
      for (const auto& sp : it.spans) edits.push_back({sp.begin, sp.end, {}, 0});
    return;
  }
  size_t b = s.lines.begin;
  if (b > 0 && trim(a.layout.lines[b - 1]).empty())
    --b;
  else if (b == 0) {
    size_t e = s.lines.end;
    if (e < a.layout.lines.size() && trim(a.layout.lines[e]).empty()) ++e;
    edits.push_back({b, e, {}, 0});
    return;
  }
  edits.push_back({b, s.lines.end, {}, 0});
}

} // namespace

std::vector<Mismatch> find_mismatches(const Definition& def) {
  auto a = analyse(def);
  return a ? a->mismatches : std::vector<Mismatch>{};
}

std::optional<DocstringLiteral> update_docstring(const Definition& def, const DocText& given,
                                                 const RenderOptions& opts, int indent_cols) {
  auto an = analyse(def);
  if (!an) return std::nullopt;
  Analysis& a = *an;
  a.params =
      section(a.layout, DocSectionKind::Params); // the copy's own section, not the original's
  auto has = [&](std::string_view code) {
    return std::any_of(a.mismatches.begin(), a.mismatches.end(),
                       [&](const Mismatch& m) { return m.code == code && m.fixable; });
  };
  if (std::none_of(a.mismatches.begin(), a.mismatches.end(),
                   [](const Mismatch& m) { return m.fixable; }))
    return std::nullopt;

  DocText text = given;
  fill_gaps(text, def);
  const auto& doc = *def.docstring;
  const Lines& L = a.layout.lines;
  int width = std::max(20, opts.width - indent_cols);
  Style S = a.style;
  // New entries follow the docstring's own habit about types.
  bool any_items = false, any_types = false;
  for (const auto& s : a.layout.sections)
    for (const auto& it : s.items) {
      any_items = true;
      any_types |= !it.item.type.empty();
    }
  bool types = any_items ? any_types : opts.include_types;
  auto escaped = [&](Lines lines) {
    for (auto& l : lines) l = escape_for_literal(l, doc.prefix, doc.quote);
    return lines;
  };
  std::vector<LineEdit> edits;

  // Parameters.
  if (!a.missing.empty() || !a.extra.empty() || !a.renames.empty()) {
    if (a.params) {
      const auto& P = *a.params;
      size_t rb = field_style(S) ? P.lines.begin : P.items_begin, re = P.lines.end;
      Lines out;
      std::set<size_t> emitted; // span starts already written (numpy `x, y : int` share one)
      std::vector<bool> covered(L.size(), false);
      for (const auto& it : P.items)
        for (const auto& sp : it.spans)
          for (size_t i = sp.begin; i < sp.end; ++i) covered[i] = true;
      auto emit = [&](const parser::DocItemSpan& it, const std::string* old_bare,
                      const std::string* new_name, const std::string& new_type) {
        for (const auto& sp : it.spans) {
          if (!emitted.insert(sp.begin).second) continue;
          for (size_t i = sp.begin; i < sp.end; ++i)
            out.push_back(old_bare && i == sp.begin
                              ? rename_in_line(L[i], *old_bare, *new_name, new_type)
                              : L[i]);
        }
      };
      std::set<size_t> dropped(a.extra.begin(), a.extra.end());
      for (size_t i = 0; i < a.sig.size(); ++i) {
        const auto& p = a.sig[i];
        const parser::DocItemSpan* found = nullptr;
        for (const auto& it : P.items)
          if (strip_stars(it.item.name) == p.name) {
            found = &it;
            break;
          }
        if (found) {
          emit(*found, nullptr, nullptr, {});
          continue;
        }
        auto rn =
            std::find_if(a.renames.begin(), a.renames.end(), [&](auto& r) { return r.first == i; });
        if (rn != a.renames.end()) {
          const auto& it = P.items[rn->second];
          std::string old_bare = strip_stars(it.item.name), nn = display_name(p);
          std::string nt = !it.item.type.empty() && p.annotation ? type_text(*p.annotation) : "";
          emit(it, &old_bare, &nn, nt);
          continue;
        }
        if (std::find(a.missing.begin(), a.missing.end(), i) == a.missing.end())
          continue; // documented elsewhere
        auto item = param_item(p, text, S, types);
        std::string indent = P.items.empty() && S == Style::Google ? "    " : P.item_indent;
        auto lines = render_items(S, DocSectionKind::Params, {item}, width, indent);
        auto esc = escaped(lines);
        out.insert(out.end(), esc.begin(), esc.end());
      }
      // Entries kept although not parameters (documented **kwargs keys), in their order.
      std::set<size_t> renamed;
      for (auto [i, j] : a.renames) renamed.insert(j);
      for (size_t j = 0; j < P.items.size(); ++j) {
        std::string n = strip_stars(P.items[j].item.name);
        bool in_sig = std::any_of(a.sig.begin(), a.sig.end(), [&](auto& p) { return p.name == n; });
        if (!in_sig && !renamed.count(j) && !dropped.count(j)) {
          bool dup = false; // the same name written twice is dropped by the first check
          for (size_t k : a.extra) dup |= strip_stars(P.items[k].item.name) == n;
          if (!dup) emit(P.items[j], nullptr, nullptr, {});
        }
      }
      for (size_t i = rb; i < re; ++i)
        if (!covered[i] && !trim(L[i]).empty()) out.push_back(L[i]);
      if (out.empty())
        remove_section(a, P, edits);
      else
        edits.push_back({rb, re, std::move(out), 0});
    } else if (!a.missing.empty()) {
      std::vector<RenderItem> items;
      for (size_t i : a.missing) items.push_back(param_item(a.sig[i], text, S, types));
      edits.push_back(
          insert_section(a, DocSectionKind::Params,
                         escaped(render_section(S, DocSectionKind::Params, items, width))));
    }
  }
  if (has("DOC201"))
    edits.push_back(
        insert_section(a, DocSectionKind::Returns,
                       escaped(render_section(S, DocSectionKind::Returns,
                                              {returns_item(def, text, S, types)}, width))));
  if (has("DOC202")) remove_section(a, *section(a.layout, DocSectionKind::Returns), edits);
  if (has("DOC402"))
    edits.push_back(
        insert_section(a, DocSectionKind::Yields,
                       escaped(render_section(S, DocSectionKind::Yields,
                                              {yields_item(def, text, S, types)}, width))));
  if (has("DOC403")) remove_section(a, *section(a.layout, DocSectionKind::Yields), edits);
  if (has("DOC501")) {
    std::vector<RenderItem> items;
    for (const auto& m : a.mismatches)
      if (m.code == "DOC501") items.push_back(raises_item(m.name, text));
    if (const auto* rs = section(a.layout, DocSectionKind::Raises)) {
      auto lines = escaped(render_items(S, DocSectionKind::Raises, items, width, rs->item_indent));
      edits.push_back({rs->lines.end, rs->lines.end, std::move(lines), 3});
    } else {
      edits.push_back(
          insert_section(a, DocSectionKind::Raises,
                         escaped(render_section(S, DocSectionKind::Raises, items, width))));
    }
  }

  // Apply bottom-up; at one line, replacements first, then insertions in reverse section order
  // (each lands before the previous one).
  std::stable_sort(edits.begin(), edits.end(), [](const LineEdit& x, const LineEdit& y) {
    if (x.begin != y.begin) return x.begin > y.begin;
    bool xi = x.begin == x.end, yi = y.begin == y.end;
    if (xi != yi) return !xi;
    return x.order > y.order;
  });
  Lines result = L;
  for (const auto& e : edits) {
    result.erase(result.begin() + static_cast<std::ptrdiff_t>(e.begin),
                 result.begin() + static_cast<std::ptrdiff_t>(e.end));
    result.insert(result.begin() + static_cast<std::ptrdiff_t>(e.begin), e.lines.begin(),
                  e.lines.end());
  }
  // No dangling blank lines at either end (the human's own blank lines inside are kept).
  Lines clean = std::move(result);
  while (!clean.empty() && trim(clean.back()).empty()) clean.pop_back();
  while (!clean.empty() && trim(clean.front()).empty()) clean.erase(clean.begin());

  DocstringLiteral lit;
  lit.prefix = doc.prefix;
  lit.quote = std::string(3, doc.quote.empty() ? '"' : doc.quote[0]);
  lit.lines = std::move(clean);
  size_t first = doc.raw_body.find_first_not_of(" \t");
  lit.summary_on_new_line =
      first != std::string::npos && (doc.raw_body[first] == '\n' || doc.raw_body[first] == '\r');
  return lit;
}

} // namespace axl::docstring
