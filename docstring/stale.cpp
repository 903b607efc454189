#include "docstring/stale.h"

#include "docstring/facts.h"
#include "docstring/heuristic_summary.h"
#include "docstring/line_edits.h"
#include "docstring/render.h"
#include "docstring/text_util.h"

#include <algorithm>
#include <map>
#include <optional>
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

// The docstring's layout, when it is held to the facts: a recognised style (not pep257) with at
// least one fact section. One with just a "Note:" or "Examples" section is prose.
std::optional<Analysis> read_layout(const Definition& def) {
  if (!def.docstring) return std::nullopt;
  Analysis a;
  a.layout = parser::parse_docstring_layout(def.docstring->text, def.docstring->style);
  auto st = from_doc_style(a.layout.style);
  if (!st || *st == Style::Pep257) return std::nullopt;
  if (std::all_of(a.layout.sections.begin(), a.layout.sections.end(),
                  [](const DocSectionSpan& s) { return s.kind == DocSectionKind::Other; }))
    return std::nullopt;
  a.style = *st;
  a.params = section(a.layout, DocSectionKind::Params);
  return a;
}

// An entry's name as a parameter is written: an identifier, with stars or reST escapes.
bool reads_as_parameter(std::string_view name) {
  std::string bare = strip_stars(name);
  if (bare.empty() || std::isdigit(static_cast<unsigned char>(bare[0]))) return false;
  return std::all_of(bare.begin(), bare.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  });
}

// Whether the docstring's parameters are held to the signature (documentable_params(def)).
bool checks_params(const Definition& def, const Analysis& a) {
  bool init = def.kind == DefKind::Method && def.name == "__init__";
  bool check_params = (def.kind == DefKind::Class && !def.is_dataclass && a.params) ||
                      (is_callable(def) && !def.is_property && (!init || a.params));
  // Entries that do not read as `name: text` mean the section is not in the style: hands off.
  // (A numpy `mode: {'r', 'w'}` or a flush-left prose paragraph read as an entry would otherwise
  // be "renamed" or removed.)
  if (a.params &&
      std::any_of(a.params->items.begin(), a.params->items.end(),
                  [](const parser::DocItemSpan& it) { return !reads_as_parameter(it.item.name); }))
    check_params = false;
  return check_params;
}

// The documented names against the signature: missing, extra and renamed (DOC101-DOC103).
void match_params(Analysis& a, const Definition& def) {
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
  auto& out = a.mismatches;
  for (auto [i, j] : a.renames)
    out.push_back(
        {"DOC103",
         "Parameter `" + doc[j] + "` in the docstring was renamed to `" + sig_names[i] + "`",
         sig_names[i], true});
  for (size_t i : a.missing)
    out.push_back({"DOC101", "Parameter `" + sig_names[i] + "` is missing from the docstring",
                   sig_names[i], true});
  for (size_t j : a.extra)
    out.push_back(
        {"DOC102", "Docstring documents `" + doc[j] + "`, which is not a parameter", doc[j], true});
}

// A Returns entry the update can write without inventing anything: a type the code proves, or
// words (an unannotated `return g(x)` of a function named `f` has neither: `object` or "The
// result." would be filler, so DOC201 is then reported but not fixed).
bool returns_entry_writable(const Definition& def) {
  if (def.return_annotation || !inferred_return_type(def).empty()) return true;
  DocText words;
  fill_gaps(words, def);
  return !trim(words.returns).empty();
}

// Likewise a Yields entry: the element type of the annotation, or words ("The next value." for
// any generator would be filler).
bool yields_entry_writable(const Definition& def) {
  if (def.return_annotation && !iterator_element_type(*def.return_annotation).empty()) return true;
  DocText words;
  fill_gaps(words, def);
  return !trim(words.yields).empty();
}

// DOC201/DOC202 (returns) and DOC402/DOC403 (yields).
void check_returns_and_yields(const Definition& def, Analysis& a) {
  auto& out = a.mismatches;
  const auto* ret = section(a.layout, DocSectionKind::Returns);
  bool documented = ret && !ret->items.empty();
  if (documents_returns(def) && !ret)
    out.push_back({"DOC201", "Return value is not documented", "", returns_entry_writable(def)});
  bool returns_nothing =
      def.return_annotation ? is_none_annotation(*def.return_annotation) : !def.returns_value;
  if (documented && !documents_returns(def) && !def.yields && !def.is_abstract &&
      !raises_not_implemented(def) && returns_nothing)
    out.push_back(
        {"DOC202", "Docstring documents a return value, but nothing is returned", "", true});
  const auto* yl = section(a.layout, DocSectionKind::Yields);
  // A generator whose Returns section describes the iterator is documented already.
  if (documents_yields(def) && !yl && !ret)
    out.push_back({"DOC402", "Yielded values are not documented", "", yields_entry_writable(def)});
  if (yl && !def.yields && !def.is_abstract && !raises_not_implemented(def))
    out.push_back(
        {"DOC403", "Docstring documents yields, but the function is not a generator", "", true});
}

// DOC501 (raised, not documented) and DOC502 (documented, none raised: never fixed).
void check_raises(const Definition& def, Analysis& a) {
  const auto* rs = section(a.layout, DocSectionKind::Raises);
  std::set<std::string, std::less<>> doc_raises;
  if (rs)
    for (const auto& it : rs->items) doc_raises.insert(std::string(last_component(it.item.name)));
  auto raised = documented_raises(def);
  for (const auto& r : raised)
    if (!doc_raises.count(last_component(r)))
      a.mismatches.push_back(
          {"DOC501", "Exception `" + r + "` is raised but not documented", r, true});
  if (rs && !rs->items.empty() && raised.empty() && def.raises.empty() && !def.is_abstract)
    a.mismatches.push_back(
        {"DOC502", "Docstring documents raised exceptions, but the body raises none", "", false});
}

std::optional<Analysis> analyse(const Definition& def) {
  auto a = read_layout(def);
  if (!a) return std::nullopt;
  if (checks_params(def, *a)) match_params(*a, def);
  if (is_callable(def) && !def.is_property) {
    check_returns_and_yields(def, *a);
    check_raises(def, *a);
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

// Insertions at one line: a section's entries (ordered by signature position) before the next
// section's.
constexpr int kSectionOrderStep = 100000;

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
  return {pos, pos, std::move(lines), k * kSectionOrderStep};
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

// What every edit of one update needs.
struct Update {
  const Definition& def;
  const Analysis& a;
  DocText text; // the provider's words, gaps filled from the heuristic
  int width;
  bool types; // new entries follow the docstring's own habit about types

  Lines escaped(Lines lines) const {
    for (auto& l : lines) l = escape_for_literal(l, def.docstring->prefix, def.docstring->quote);
    return lines;
  }
};

// Types in new entries: as the docstring's existing entries have them, else the option.
bool writes_types(const Analysis& a, const RenderOptions& opts) {
  bool any_items = false, any_types = false;
  for (const auto& s : a.layout.sections)
    for (const auto& it : s.items) {
      any_items = true;
      any_types |= !it.item.type.empty();
    }
  return any_items ? any_types : opts.include_types;
}

size_t entry_begin(const parser::DocItemSpan& it) {
  return it.spans.front().begin;
}
size_t entry_end(const parser::DocItemSpan& it) {
  return it.spans.back().end;
}

// Does the human separate the section's entries with blank lines? (New entries then get one.)
bool blank_separated(const Lines& L, const DocSectionSpan& s) {
  for (size_t k = 1; k < s.items.size(); ++k) {
    size_t b = entry_begin(s.items[k]);
    if (b > 0 && trim(L[b - 1]).empty()) return true;
  }
  return false;
}

// After entries are removed from [lo, hi): a blank line they leave next to another blank line or
// at either end of the region goes too (the human's spacing between the remaining entries stays).
void drop_orphaned_blanks(const Lines& L, size_t lo, size_t hi, std::vector<bool>& gone) {
  auto kept_blank = [&](size_t i) { return !gone[i] && trim(L[i]).empty(); };
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t b = lo; b < hi; ++b) {
      if (!kept_blank(b) || !((b > lo && gone[b - 1]) || (b + 1 < hi && gone[b + 1]))) continue;
      std::optional<size_t> prev, next;
      for (size_t q = b; q-- > lo;)
        if (!gone[q]) {
          prev = q;
          break;
        }
      for (size_t q = b + 1; q < hi; ++q)
        if (!gone[q]) {
          next = q;
          break;
        }
      if (!prev || !next || kept_blank(*prev) || kept_blank(*next)) gone[b] = changed = true;
    }
  }
}

// Runs of removed lines as edits.
void removal_edits(const std::vector<bool>& gone, std::vector<LineEdit>& edits) {
  for (size_t b = 0; b < gone.size();) {
    if (!gone[b]) {
      ++b;
      continue;
    }
    size_t e = b;
    while (e < gone.size() && gone[e]) ++e;
    edits.push_back({b, e, {}, 0});
    b = e;
  }
}

// Which entries of the Params section stay: those of parameters (as written or renamed) and of
// documented **kwargs keys. Every copy of a name that is not a parameter goes.
std::vector<bool> staying_entries(const Analysis& a) {
  const auto& P = *a.params;
  std::set<std::string> stale_names;
  for (size_t j : a.extra) stale_names.insert(strip_stars(P.items[j].item.name));
  std::vector<bool> stays(P.items.size());
  for (size_t j = 0; j < P.items.size(); ++j)
    stays[j] = !stale_names.count(strip_stars(P.items[j].item.name));
  for (auto [i, j] : a.renames) stays[j] = true;
  return stays;
}

// The lines of the entries that go, but those shared with an entry that stays (numpy `x, y : int`).
std::vector<bool> lines_of_gone_entries(const Analysis& a, const std::vector<bool>& stays) {
  const auto& P = *a.params;
  std::set<size_t> kept_lines;
  for (size_t j = 0; j < P.items.size(); ++j)
    if (stays[j])
      for (const auto& sp : P.items[j].spans) kept_lines.insert(sp.begin);
  std::vector<bool> gone(a.layout.lines.size(), false);
  for (size_t j = 0; j < P.items.size(); ++j)
    if (!stays[j])
      for (const auto& sp : P.items[j].spans)
        if (!kept_lines.count(sp.begin))
          for (size_t i = sp.begin; i < sp.end; ++i) gone[i] = true;
  return gone;
}

// Renamed entries: the name (and a written type) replaced on their first lines, in place.
void rename_edits(const Analysis& a, std::vector<LineEdit>& edits) {
  std::map<size_t, std::string> renamed_lines; // numpy `x, y : int` may rename twice in a line
  for (auto [i, j] : a.renames) {
    const auto& it = a.params->items[j];
    const auto& p = a.sig[i];
    std::string old_bare = strip_stars(it.item.name), new_name = display_name(p);
    std::string new_type = !it.item.type.empty() && p.annotation ? type_text(*p.annotation) : "";
    for (const auto& sp : it.spans) {
      auto line = renamed_lines.try_emplace(sp.begin, a.layout.lines[sp.begin]).first;
      line->second = rename_in_line(line->second, old_bare, new_name, new_type);
    }
  }
  for (const auto& [line, text] : renamed_lines) edits.push_back({line, line + 1, {text}, 0});
}

// New entries for the missing parameters: after the last written entry of the parameters before
// it in the signature, else before the first written entry of those after it, else before the
// entries that stay (documented **kwargs keys), else at the section's end; blank-line separated
// when the human's entries are.
void missing_entry_edits(const Update& u, const std::vector<bool>& stays,
                         std::vector<LineEdit>& edits) {
  const Analysis& a = u.a;
  const auto& P = *a.params;
  std::vector<const parser::DocItemSpan*> entry(a.sig.size(), nullptr);
  for (size_t i = 0; i < a.sig.size(); ++i)
    for (const auto& it : P.items)
      if (strip_stars(it.item.name) == a.sig[i].name) {
        entry[i] = &it;
        break;
      }
  for (auto [i, j] : a.renames) entry[i] = &P.items[j];
  const parser::DocItemSpan* first_staying = nullptr;
  for (size_t j = 0; j < P.items.size() && !first_staying; ++j)
    if (stays[j]) first_staying = &P.items[j];
  bool spaced = blank_separated(a.layout.lines, P);
  std::string indent = P.items.empty() && a.style == Style::Google ? "    " : P.item_indent;
  for (size_t i : a.missing) {
    auto lines =
        u.escaped(render_items(a.style, DocSectionKind::Params,
                               {param_item(a.sig[i], u.text, a.style, u.types)}, u.width, indent));
    const parser::DocItemSpan *after = nullptr, *before = nullptr;
    for (size_t k = 0; k < i; ++k)
      if (entry[k] && (!after || entry_end(*entry[k]) > entry_end(*after))) after = entry[k];
    for (size_t k = i + 1; k < a.sig.size() && !after; ++k)
      if (entry[k] && (!before || entry_begin(*entry[k]) < entry_begin(*before))) before = entry[k];
    if (!after && !before) before = first_staying;
    size_t pos = P.lines.end;
    if (after) {
      pos = entry_end(*after);
      if (spaced) lines.insert(lines.begin(), "");
    } else if (before) {
      pos = entry_begin(*before);
      if (spaced) lines.emplace_back();
    }
    edits.push_back({pos, pos, std::move(lines), static_cast<int>(i)});
  }
}

// The Params section edited entry by entry: stale entries removed, renamed ones renamed in place,
// missing ones inserted next to their signature neighbours. The human's order, spacing and every
// other line stay.
void param_entry_edits(const Update& u, std::vector<LineEdit>& edits) {
  const Analysis& a = u.a;
  const auto& P = *a.params;
  const Lines& L = a.layout.lines;
  auto stays = staying_entries(a);
  auto gone = lines_of_gone_entries(a, stays);
  size_t lo = field_style(a.style) ? P.lines.begin : P.items_begin, hi = P.lines.end;
  bool emptied = a.missing.empty();
  for (size_t i = lo; i < hi; ++i) emptied &= gone[i] || trim(L[i]).empty();
  if (emptied && !field_style(a.style)) {
    remove_section(a, P, edits);
    return;
  }
  drop_orphaned_blanks(L, lo, hi, gone);
  removal_edits(gone, edits);
  rename_edits(a, edits);
  missing_entry_edits(u, stays, edits);
}

// A Params section for a docstring that had none.
LineEdit new_param_section(const Update& u) {
  std::vector<RenderItem> items;
  for (size_t i : u.a.missing) items.push_back(param_item(u.a.sig[i], u.text, u.a.style, u.types));
  return insert_section(
      u.a, DocSectionKind::Params,
      u.escaped(render_section(u.a.style, DocSectionKind::Params, items, u.width)));
}

// Returns, Yields and Raises: sections added or removed, undocumented raises added.
void section_edits(const Update& u, std::vector<LineEdit>& edits) {
  const Analysis& a = u.a;
  const Style S = a.style;
  auto has = [&](std::string_view code) {
    return std::any_of(a.mismatches.begin(), a.mismatches.end(),
                       [&](const Mismatch& m) { return m.code == code && m.fixable; });
  };
  auto add_section = [&](DocSectionKind kind, const std::vector<RenderItem>& items) {
    edits.push_back(insert_section(a, kind, u.escaped(render_section(S, kind, items, u.width))));
  };
  if (has("DOC201"))
    add_section(DocSectionKind::Returns, {returns_item(u.def, u.text, S, u.types)});
  if (has("DOC202")) remove_section(a, *section(a.layout, DocSectionKind::Returns), edits);
  if (has("DOC402")) add_section(DocSectionKind::Yields, {yields_item(u.def, u.text, S, u.types)});
  if (has("DOC403")) remove_section(a, *section(a.layout, DocSectionKind::Yields), edits);
  if (has("DOC501")) {
    std::vector<RenderItem> items;
    for (const auto& m : a.mismatches)
      if (m.code == "DOC501") items.push_back(raises_item(m.name, u.text));
    if (const auto* rs = section(a.layout, DocSectionKind::Raises)) {
      auto lines =
          u.escaped(render_items(S, DocSectionKind::Raises, items, u.width, rs->item_indent));
      edits.push_back({rs->lines.end, rs->lines.end, std::move(lines),
                       section_order(DocSectionKind::Raises) * kSectionOrderStep});
    } else {
      add_section(DocSectionKind::Raises, items);
    }
  }
}

// The literal with the edits made: the human's source text patched line by line when it maps onto
// the cleaned lines (every other byte kept), else laid out anew from the cleaned lines.
DocstringLiteral updated_literal(const parser::ExistingDocstring& doc, const Lines& clean,
                                 const std::vector<LineEdit>& edits) {
  Lines result = apply_line_edits(clean, edits);
  while (!result.empty() && trim(result.back()).empty()) result.pop_back();
  while (!result.empty() && trim(result.front()).empty()) result.erase(result.begin());
  DocstringLiteral lit;
  lit.prefix = doc.prefix;
  lit.quote = std::string(3, doc.quote.empty() ? '"' : doc.quote[0]);
  lit.lines = std::move(result);
  size_t first = doc.raw_body.find_first_not_of(" \t");
  lit.summary_on_new_line =
      first != std::string::npos && (doc.raw_body[first] == '\n' || doc.raw_body[first] == '\r');
  lit.body = patch_raw_body(doc, clean, edits);
  return lit;
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
  a.params = section(a.layout, DocSectionKind::Params); // the copy's own, not the original's
  if (std::none_of(a.mismatches.begin(), a.mismatches.end(),
                   [](const Mismatch& m) { return m.fixable; }))
    return std::nullopt;
  Update u{def, a, given, std::max(20, opts.width - indent_cols), writes_types(a, opts)};
  fill_gaps(u.text, def);
  std::vector<LineEdit> edits;
  if (a.params && (!a.missing.empty() || !a.extra.empty() || !a.renames.empty()))
    param_entry_edits(u, edits);
  else if (!a.missing.empty())
    edits.push_back(new_param_section(u));
  section_edits(u, edits);
  if (edits.empty()) return std::nullopt;
  return updated_literal(*def.docstring, a.layout.lines, edits);
}

} // namespace axl::docstring
