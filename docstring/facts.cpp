#include "docstring/facts.h"

#include "docstring/text_util.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace axl::docstring {

using parser::DefKind;

bool is_dunder(std::string_view n) {
  return n.size() > 4 && n.starts_with("__") && n.ends_with("__");
}

std::string owner_class(const parser::Definition& def) {
  if (def.kind != DefKind::Method) return {};
  auto dot = def.qualified_name.rfind('.');
  if (dot == std::string::npos) return {};
  std::string_view q = std::string_view(def.qualified_name).substr(0, dot);
  auto prev = q.rfind('.');
  return std::string(prev == std::string_view::npos ? q : q.substr(prev + 1));
}

bool has_method(const parser::Definition& def, std::string_view name) {
  return std::find(def.methods.begin(), def.methods.end(), name) != def.methods.end();
}

std::vector<const parser::Parameter*> documentable_params(const parser::Definition& def) {
  std::vector<const parser::Parameter*> out;
  if (def.kind == DefKind::Module) return out;
  for (const auto& p : def.kind == DefKind::Class ? def.init_params : def.params)
    if (!p.is_self_or_cls) out.push_back(&p);
  return out;
}

std::vector<parser::Parameter> documented_params(const parser::Definition& def,
                                                 const RenderOptions& opts) {
  bool shown = false;
  if (def.kind == DefKind::Class) {
    shown = opts.init_args == InitArgs::InClass && !def.is_dataclass;
  } else if (def.kind == DefKind::Function || def.kind == DefKind::Method) {
    bool init = def.kind == DefKind::Method && def.name == "__init__";
    shown = !init || opts.init_args == InitArgs::InInit;
  }
  std::vector<parser::Parameter> out;
  if (shown)
    for (const parser::Parameter* p : documentable_params(def)) out.push_back(*p);
  return out;
}

std::string display_name(const parser::Parameter& p) {
  if (p.kind == parser::ParamKind::VarPositional) return "*" + p.name;
  if (p.kind == parser::ParamKind::VarKeyword) return "**" + p.name;
  return p.name;
}

bool is_none_annotation(std::string_view a) {
  // Quoted or not, and NoReturn/Never from any module (`typing`, `typing_extensions as te`).
  std::string t = type_text(trim(a));
  if (t == "None") return true;
  if (!std::all_of(t.begin(), t.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
      }))
    return false;
  std::string_view last = last_component(t);
  return last == "NoReturn" || last == "Never";
}

bool documents_returns(const parser::Definition& def) {
  if (def.kind != DefKind::Function && def.kind != DefKind::Method) return false;
  if (def.is_property || def.yields || def.name == "__init__") return false;
  if (def.return_annotation) return !is_none_annotation(*def.return_annotation);
  return def.returns_value;
}

bool documents_yields(const parser::Definition& def) {
  return (def.kind == DefKind::Function || def.kind == DefKind::Method) && def.yields &&
         !def.is_property;
}

std::string type_text(std::string_view annotation) {
  std::string t = collapse_spaces(annotation);
  if (t.size() >= 2 && (t[0] == '"' || t[0] == '\'') && t.back() == t[0] &&
      t.find(t[0], 1) == t.size() - 1)
    t = t.substr(1, t.size() - 2);
  return t;
}

std::string inferred_return_type(const parser::Definition& def) {
  static const std::array<std::pair<std::string_view, std::string_view>, 12> kinds = {{
      {"integer", "int"},
      {"float", "float"},
      {"string", "str"},
      {"concatenated_string", "str"},
      {"true", "bool"},
      {"false", "bool"},
      {"comparison_operator", "bool"},
      {"not_operator", "bool"},
      {"list", "list"},
      {"dictionary", "dict"},
      {"tuple", "tuple"},
      {"set", "set"},
  }};
  for (const auto& [kind, type] : kinds)
    if (def.body.return_kind == kind) {
      // b"..." is a string node too.
      std::string_view t = def.body.return_text;
      if (kind == "string" &&
          t.substr(0, t.find_first_of("'\"")).find_first_of("bB") != std::string_view::npos)
        return "bytes";
      return std::string(type);
    }
  return {};
}

std::string iterator_element_type(std::string_view ann_in) {
  std::string stripped = type_text(ann_in);
  std::string_view ann = stripped;
  for (std::string_view head : {"Iterator[", "Iterable[", "Generator[", "AsyncIterator[",
                                "AsyncIterable[", "AsyncGenerator["}) {
    auto p = ann.find(head);
    if (p == std::string_view::npos) continue;
    if (p > 0 && ann[p - 1] != '.' && ann[p - 1] != ' ' && ann[p - 1] != '[') continue;
    std::string_view in = ann.substr(p + head.size());
    int depth = 0;
    for (size_t i = 0; i < in.size(); ++i) {
      char c = in[i];
      // The element may be a forward reference (`Iterator["Node"]`): the class, unquoted.
      if (c == '[' || c == '(')
        ++depth;
      else if ((c == ']' || c == ')') && depth-- == 0)
        return type_text(in.substr(0, i));
      else if (c == ',' && depth == 0)
        return type_text(in.substr(0, i));
    }
  }
  return {};
}

std::vector<parser::Attribute> documented_attributes(const parser::Definition& def,
                                                     const RenderOptions& opts) {
  std::vector<parser::Attribute> out;
  if (def.kind != DefKind::Class) return out;
  for (const auto& a : def.attributes)
    if (opts.include_private || !a.name.starts_with("_")) out.push_back(a);
  return out;
}

std::string_view last_component(std::string_view dotted) {
  auto dot = dotted.rfind('.');
  return dot == std::string_view::npos ? dotted : dotted.substr(dot + 1);
}

std::vector<std::string> documented_raises(const parser::Definition& def) {
  std::vector<std::string> out;
  for (const auto& r : def.raises) {
    std::string_view last = last_component(trim(r));
    bool seen = std::find(out.begin(), out.end(), trim(r)) != out.end();
    if (!seen && !last.empty() && last[0] >= 'A' && last[0] <= 'Z') out.emplace_back(trim(r));
  }
  return out;
}

} // namespace axl::docstring
