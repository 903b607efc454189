// Facts about Python definitions, as read from the syntax tree. Plain data: the parser fills it,
// the docstring renderer and the LSP read it. Offsets are byte offsets into the parsed source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace axl::parser {

struct Point {
  uint32_t line = 0;   // 0-based
  uint32_t column = 0; // 0-based, in bytes (UTF-8); see text_position.h for UTF-16
};

struct Range {
  uint32_t start_byte = 0;
  uint32_t end_byte = 0;
  Point start;
  Point end;
};

enum class DefKind { Module, Class, Function, Method };

enum class ParamKind {
  PositionalOnly, // before a `/`
  Normal,
  VarPositional, // *args
  KeywordOnly,   // after `*` or `*args`
  VarKeyword,    // **kwargs
};

struct Parameter {
  std::string name; // without the * / ** prefix
  ParamKind kind = ParamKind::Normal;
  std::optional<std::string> annotation;    // source text, e.g. "dict[str, int]"
  std::optional<std::string> default_value; // source text, e.g. "(1, 2)"
  bool is_self_or_cls =
      false; // first parameter of a method named self/cls (or any name in a method)
};

struct Attribute {
  std::string name;
  std::optional<std::string> annotation;
  std::optional<std::string> default_value;
};

enum class DocStyle { Unknown, Google, Numpy, Sphinx, Epytext, Pep257 };

// One documented item of an existing docstring section (a parameter, a raised exception, ...).
struct DocItem {
  std::string name;        // parameter or exception name ("" for Returns/Yields without a name)
  std::string type;        // type text written in the docstring, if any
  std::string description; // the human's words, lines joined with '\n' (indent removed)
};

// An existing docstring: where it is and what it says.
struct ExistingDocstring {
  Range range;          // the whole string literal, prefix and quotes included
  std::string prefix;   // "", "r", "u", "R", "U", ...
  std::string quote;    // "\"\"\"", "'''", "\"" or "'"
  std::string raw_body; // text between the quotes, as written
  std::string text;     // cleaned text (inspect.cleandoc-like; escapes left as written)
  DocStyle style = DocStyle::Unknown;
  std::string summary; // first paragraph
  std::vector<DocItem> params;
  std::vector<DocItem> returns; // usually one
  std::vector<DocItem> yields;
  std::vector<DocItem> raises;
  std::vector<DocItem> attributes;
};

// What a function body does when it has one of a few simple shapes, read from the body's own
// top-level statements (docstring, comments, `pass` and `...` left out). Prose built from it is
// exact: the heuristic says more than the name only where this proves it.
struct BodyShape {
  size_t statements = 0;
  // The only statement is `return <expr>`: its tree-sitter node type ("call",
  // "comparison_operator", "attribute", ...) and text.
  std::string return_kind;
  std::string return_text;
  // `<lhs> <op> <rhs> ...` of a returned comparison: operands and operators alternating
  // ({"x", "is not", "None"}).
  std::vector<std::string> comparison;
  // The only statement is a call (`return f(...)` or `f(...)`): callee and arguments as written.
  std::string callee;
  std::vector<std::string> call_args;
  bool call_returned = false;
  // The only statement is `return self.<attr>`.
  std::string returned_attribute;
  // The only statement is `raise NotImplementedError` (with or without arguments).
  bool raises_not_implemented = false;
  // Every statement is `self.<attr> = <expr>` (or a `super().__init__(...)` call): attr, expr.
  std::vector<std::pair<std::string, std::string>> self_stores;
  // The last statement returns a function defined in this body that wraps the (only) parameter:
  // it is decorated with `functools.wraps(p)` or calls `p(...)` (a decorator); or that function
  // is itself such a decorator (a decorator factory).
  bool returns_wrapper = false;
  bool returns_decorator = false;
};

struct Definition {
  DefKind kind = DefKind::Function;
  std::string name;           // "fetch"; for the module: the module name ("" when unknown)
  std::string qualified_name; // "Client.fetch", "outer.<locals>.inner" style without <locals>:
                              // "outer.inner"
  Range range;                // the whole definition (decorators included)
  Range name_range;           // the identifier
  Range header_range; // from `def`/`class` keyword (or first decorator) to the ':' of the header
  std::vector<std::string>
      decorators; // as written after '@', e.g. "property", "functools.wraps(f)"
  bool is_async = false;
  bool is_property = false, is_staticmethod = false, is_classmethod = false;
  bool is_overload = false, is_abstract = false, is_dataclass = false;
  bool is_public =
      true;      // no leading underscore (dunder names count as public), listed in __all__ if any
  int depth = 0; // 0 = module, 1 = top-level def/class, ...

  // Functions and methods.
  std::vector<Parameter> params;
  std::optional<std::string> return_annotation;
  bool yields = false;             // own body contains yield / yield from
  bool returns_value = false;      // own body has `return <expr>`
  std::vector<std::string> raises; // own body, de-duplicated, first appearance order
  BodyShape body;

  // Classes.
  std::vector<std::string> bases;
  std::vector<Attribute> attributes;  // annotated class-level assignments / dataclass fields
  std::vector<Parameter> init_params; // parameters of __init__ (self removed)
  std::vector<std::string> methods;   // names of the methods defined in the class body
  // __init__ parameters that __init__ stores as `self.<same name>` when it does nothing else.
  std::vector<std::string> init_stored;

  // Where a docstring goes (or is).
  std::string body_indent;          // indentation of the body as written ("    ", "\t", ...)
  uint32_t body_start_byte = 0;     // first byte of the first body statement
  bool body_on_header_line = false; // `def f(x): return x`
  uint32_t colon_byte = 0;          // the header's ':'
  std::optional<ExistingDocstring> docstring;
};

struct ParseResult {
  std::vector<Definition> definitions; // document order; the module comes first
  bool has_errors = false;             // the tree contains ERROR/MISSING nodes
  Point first_error;                   // where the first ERROR/MISSING node starts (if has_errors)
  std::vector<std::string> all_names;  // __all__ when it is a literal list/tuple of strings
  bool has_all = false;
};

} // namespace axl::parser
