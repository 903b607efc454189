#include "docstring/missing.h"

#include "docstring/facts.h"
#include "text/text_util.h"

namespace axl::docstring {

using parser::Definition;
using parser::DefKind;

namespace {

bool private_name(std::string_view n) {
  return n.starts_with("_") && !is_dunder(n);
}

bool has_statement(std::string_view source) {
  if (source.starts_with("\xEF\xBB\xBF")) source.remove_prefix(3);
  for (std::string_view line : text::split_lines(source)) {
    size_t i = line.find_first_not_of(" \t\f\r");
    if (i != std::string_view::npos && line[i] != '#') return true;
  }
  return false;
}

} // namespace

bool never_documented(const Definition& def) {
  if (def.is_overload) return true;
  for (const auto& d : def.decorators)
    if (d.ends_with(".setter") || d.ends_with(".deleter")) return true;
  return false;
}

const Definition* parent_of(const parser::ParseResult& parsed, size_t index) {
  const auto& defs = parsed.definitions;
  if (index == 0 || index >= defs.size()) return nullptr;
  const Definition& d = defs[index];
  for (size_t i = index; i-- > 0;) {
    const Definition& p = defs[i];
    if (p.kind == DefKind::Module) return &p;
    if (p.depth == d.depth - 1 && p.range.start_byte <= d.range.start_byte &&
        d.range.end_byte <= p.range.end_byte)
      return &p;
  }
  return &defs[0];
}

std::optional<MissingDocstring> check_missing(const Definition& def, const Definition* parent,
                                              std::string_view source, bool include_private) {
  if (def.docstring || never_documented(def)) return std::nullopt;
  bool nested_in_function =
      parent && (parent->kind == DefKind::Function || parent->kind == DefKind::Method);
  bool is_public = def.is_public && !nested_in_function &&
                   !(def.kind == DefKind::Module && private_name(def.name));
  if (!is_public && !include_private) return std::nullopt;

  std::string_view code, what;
  switch (def.kind) {
  case DefKind::Module:
    if (!has_statement(source))
      return std::nullopt; // an empty file (often __init__.py) stays empty
    if (def.name == "__init__")
      code = "D104", what = "package";
    else
      code = "D100", what = "module";
    break;
  case DefKind::Class:
    if (parent && parent->kind == DefKind::Class)
      code = "D106", what = "nested class";
    else
      code = "D101", what = "class";
    break;
  case DefKind::Method:
    if (def.name == "__init__") code = "D107", what = "__init__";
    // pydocstyle's "variadic" magic methods __call__ and __new__ are plain methods (D102).
    else if (is_dunder(def.name) && def.name != "__call__" && def.name != "__new__")
      code = "D105", what = "magic method";
    else
      code = "D102", what = "method";
    break;
  case DefKind::Function:
    code = "D103", what = "function";
    break;
  }
  MissingDocstring m;
  m.def = &def;
  m.code = std::string(code);
  if (def.kind == DefKind::Method && def.name == "__init__")
    m.message = "Missing docstring in __init__";
  else if (code == "D105")
    m.message = "Missing docstring in magic method";
  else
    m.message = std::string("Missing docstring in ") + (is_public ? "public " : "private ") +
                std::string(what);
  return m;
}

std::vector<MissingDocstring> find_missing(const parser::ParseResult& parsed,
                                           std::string_view source, bool include_private) {
  // parent_of() in one pass: definitions come in document order, so the enclosing ones form a
  // stack (parent_of per definition is quadratic on a module of thousands of functions).
  std::vector<MissingDocstring> out;
  const auto& defs = parsed.definitions;
  std::vector<const Definition*> enclosing;
  for (size_t i = 0; i < defs.size(); ++i) {
    const Definition& d = defs[i];
    const Definition* parent = nullptr;
    if (i > 0) {
      auto contains = [&](const Definition* p) {
        return p->depth < d.depth && p->range.start_byte <= d.range.start_byte &&
               d.range.end_byte <= p->range.end_byte;
      };
      while (!enclosing.empty() && !contains(enclosing.back())) enclosing.pop_back();
      parent = !enclosing.empty() && enclosing.back()->depth == d.depth - 1 ? enclosing.back()
                                                                            : &defs[0];
    }
    if (d.kind != DefKind::Module) enclosing.push_back(&d);
    if (auto m = check_missing(d, parent, source, include_private)) out.push_back(std::move(*m));
  }
  return out;
}

} // namespace axl::docstring
