// Walks a tree-sitter-python tree and collects the facts of every module/class/function definition.
#include "parser/body_shape.h"
#include "parser/docstring_sections.h"
#include "parser/python_parser.h"

#include <tree_sitter/api.h>

#include <algorithm>
#include <cstring>

namespace axl::parser {
namespace {

using ts::field;
using ts::type_of;

// A node's bytes and points in the source (through the IndentMap when the tree is of a copy).
struct Locator {
  const IndentMap* map = nullptr;
  uint32_t byte(uint32_t b) const { return map ? map->to_source(b) : b; }
  Point point(TSPoint p) const {
    Point q{p.row, p.column};
    return map ? map->to_source(q) : q;
  }
  uint32_t start_byte(TSNode n) const { return byte(ts_node_start_byte(n)); }
  uint32_t end_byte(TSNode n) const { return byte(ts_node_end_byte(n)); }
  Point start_point(TSNode n) const { return point(ts_node_start_point(n)); }
  Point end_point(TSNode n) const { return point(ts_node_end_point(n)); }
  Range range_of(TSNode n) const {
    return {start_byte(n), end_byte(n), start_point(n), end_point(n)};
  }
};

// The (named) children of `n`, read with a cursor: ts_node_child(n, i) costs O(i), so a loop over
// it is quadratic on a module of many statements. Named children leave out extras: comments and
// backslash line continuations, which can stand anywhere (`def f(a, \` newline `b):`).
std::vector<TSNode> children_of(TSNode n, bool named_only = true) {
  std::vector<TSNode> out;
  TSTreeCursor cursor = ts_tree_cursor_new(n);
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      TSNode c = ts_tree_cursor_current_node(&cursor);
      if (!named_only || (ts_node_is_named(c) && !ts_node_is_extra(c))) out.push_back(c);
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  return out;
}

// First named child that is not an extra (a comment or a line continuation, possible anywhere).
TSNode first_named(TSNode n) {
  uint32_t count = ts_node_named_child_count(n);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_named_child(n, i);
    if (!ts_node_is_extra(c)) return c;
  }
  return TSNode{};
}

TSNode first_statement(TSNode block) {
  return first_named(block);
}

bool name_is_private(std::string_view name) {
  bool dunder = name.size() > 4 && name.starts_with("__") && name.ends_with("__");
  return name.starts_with("_") && !dunder;
}

// The callee of a decorator or raise: `functools.wraps(f)` -> "functools.wraps".
std::string callee_text(std::string_view text) {
  auto paren = text.find('(');
  std::string_view head = paren == std::string_view::npos ? text : text.substr(0, paren);
  while (!head.empty() && (head.back() == ' ' || head.back() == '\t')) head.remove_suffix(1);
  return std::string(head);
}

bool is_param(const std::vector<Parameter>& params, std::string_view name) {
  return std::any_of(params.begin(), params.end(),
                     [&](const Parameter& p) { return !p.is_self_or_cls && p.name == name; });
}

bool decorator_is(std::string_view callee, std::initializer_list<std::string_view> names) {
  for (auto n : names)
    if (callee == n) return true;
  return false;
}

class Extractor {
public:
  Extractor(const std::string& src, ParseResult& out, Locator at) : src_(src), out_(out), at_(at) {}

  std::string text(TSNode n) const {
    if (ts_node_is_null(n)) return {};
    uint32_t b = at_.start_byte(n), e = at_.end_byte(n);
    if (b > src_.size() || e > src_.size() || e < b) return {};
    return src_.substr(b, e - b);
  }

  void module(TSNode root, std::string_view module_name) {
    Definition m;
    m.kind = DefKind::Module;
    m.name = std::string(module_name);
    m.qualified_name = m.name;
    m.range = at_.range_of(root);
    m.name_range = {0, 0, {}, {}};
    m.is_public = !name_is_private(module_name);
    m.depth = 0;
    m.body_start_byte = 0;
    read_all(root);
    m.docstring = docstring_of(root);
    out_.definitions.push_back(std::move(m));
    walk_definitions(root);
  }

private:
  // `__all__ = [...]` / `(...)` at module level, strings only.
  void read_all(TSNode root) {
    for (TSNode st : children_of(root)) {
      if (type_of(st) != "expression_statement") continue;
      TSNode as = first_named(st);
      if (type_of(as) != "assignment" && type_of(as) != "augmented_assignment") continue;
      if (text(field(as, "left")) != "__all__") continue;
      TSNode right = field(as, "right");
      if (type_of(right) != "list" && type_of(right) != "tuple") continue;
      out_.has_all = true;
      for (TSNode s : children_of(right)) {
        if (type_of(s) != "string") continue;
        std::string t = text(s);
        if (t.size() >= 2) out_.all_names.push_back(t.substr(1, t.size() - 2));
      }
    }
  }

  // A string literal's parts: prefix, quote and the text between the quotes. Nothing for f-strings
  // and bytes (not docstrings for Python).
  std::optional<ExistingDocstring> literal_parts(TSNode s) const {
    if (type_of(s) != "string" || ts_node_has_error(s)) return std::nullopt;
    std::string lit = text(s);
    size_t q = lit.find_first_of("\"'");
    if (q == std::string::npos) return std::nullopt;
    ExistingDocstring d;
    d.prefix = lit.substr(0, q);
    if (d.prefix.find_first_of("fFbB") != std::string::npos) return std::nullopt;
    bool triple = lit.size() >= q + 6 && lit.compare(q, 3, std::string(3, lit[q])) == 0;
    d.quote = triple ? std::string(3, lit[q]) : std::string(1, lit[q]);
    if (lit.size() < q + 2 * d.quote.size()) return std::nullopt;
    d.raw_body = lit.substr(q + d.quote.size(), lit.size() - q - 2 * d.quote.size());
    return d;
  }

  // The docstring is the first statement when it is a string constant, as CPython decides: also
  // parenthesised (`("doc")`) or implicitly concatenated (`"a" "b"`). The range covers the whole
  // expression; the prefix and quote are the first part's, the body is the parts' bodies joined.
  std::optional<ExistingDocstring> docstring_of(TSNode block) {
    TSNode st = first_statement(block);
    if (ts_node_is_null(st) || type_of(st) != "expression_statement") return std::nullopt;
    if (children_of(st).size() != 1) return std::nullopt;
    TSNode expr = first_named(st);
    TSNode s = expr;
    while (type_of(s) == "parenthesized_expression" && children_of(s).size() == 1)
      s = first_named(s);
    std::vector<TSNode> parts =
        type_of(s) == "concatenated_string" ? children_of(s) : std::vector<TSNode>{s};
    std::optional<ExistingDocstring> d;
    for (TSNode part : parts) {
      auto p = literal_parts(part);
      if (!p) return std::nullopt;
      if (d)
        d->raw_body += p->raw_body;
      else
        d = std::move(p);
    }
    if (!d) return std::nullopt;
    d->range = at_.range_of(expr);
    parse_docstring_sections(*d);
    return d;
  }

  // Where a statement is: the enclosing definitions' facts that its own definitions inherit.
  struct Scope {
    std::string prefix;
    int depth = 1;
    bool in_class = false;
    bool parent_public = true;
    std::string class_name;
  };

  // Statements can hide definitions inside if/try/with/for/while/match and ERROR nodes. The walk
  // is iterative (an explicit stack, children pushed in reverse for document order): expressions
  // nest as deep as the source does (`x + 1 + 1 + ...`), far deeper than the call stack allows.
  void walk_definitions(TSNode root) {
    std::vector<Scope> scopes{Scope{}};
    std::vector<std::pair<TSNode, size_t>> stack;
    push_children(stack, root, size_t{0});
    while (!stack.empty()) {
      auto [n, scope] = stack.back();
      stack.pop_back();
      auto t = type_of(n);
      if (t == "function_definition" || t == "class_definition" || t == "decorated_definition") {
        std::optional<Scope> inner = definition(n, scopes[scope]);
        if (!inner) continue;
        TSNode body = field(t == "decorated_definition" ? field(n, "definition") : n, "body");
        scopes.push_back(std::move(*inner));
        push_children(stack, body, scopes.size() - 1);
        continue;
      }
      if (t == "lambda" || t == "comment" || t == "string" || t == "expression_statement") continue;
      push_children(stack, n, scope);
    }
  }

  // Pushes the named children of `n` so that the first one is popped first.
  template <typename Item>
  static void push_children(std::vector<std::pair<TSNode, Item>>& stack, TSNode n, Item item) {
    std::vector<TSNode> children = children_of(n);
    for (auto c = children.rbegin(); c != children.rend(); ++c) stack.emplace_back(*c, item);
  }

  // The facts of one definition; the scope of its body, or nothing when it is not well-formed.
  std::optional<Scope> definition(TSNode node, const Scope& scope) {
    const std::string& prefix = scope.prefix;
    const int depth = scope.depth;
    const bool in_class = scope.in_class;
    TSNode outer = node;
    std::vector<std::string> decorators;
    if (type_of(node) == "decorated_definition") {
      for (TSNode c : children_of(node)) {
        if (type_of(c) != "decorator") continue;
        std::string d = text(c);
        size_t at = d.find('@');
        d = at == std::string::npos ? d : d.substr(at + 1);
        while (!d.empty() && (d.front() == ' ' || d.front() == '\t')) d.erase(d.begin());
        while (!d.empty() && std::isspace(static_cast<unsigned char>(d.back()))) d.pop_back();
        decorators.push_back(d);
      }
      node = field(node, "definition");
      if (ts_node_is_null(node)) return std::nullopt;
    }
    TSNode name = field(node, "name");
    TSNode body = field(node, "body");
    if (ts_node_is_null(name) || ts_node_is_missing(name) || ts_node_is_null(body))
      return std::nullopt;
    bool is_class = type_of(node) == "class_definition";
    TSNode params = field(node, "parameters");
    if (!is_class && (ts_node_is_null(params) || ts_node_has_error(params))) return std::nullopt;

    Definition d;
    d.name = text(name);
    d.qualified_name = prefix.empty() ? d.name : prefix + "." + d.name;
    d.kind = is_class ? DefKind::Class : in_class ? DefKind::Method : DefKind::Function;
    d.range = at_.range_of(outer);
    d.name_range = at_.range_of(name);
    d.decorators = std::move(decorators);
    d.depth = depth;
    for (const auto& dec : d.decorators) {
      std::string c = callee_text(dec);
      d.is_property |= decorator_is(c, {"property", "functools.cached_property", "cached_property",
                                        "abc.abstractproperty", "abstractproperty"}) ||
                       c.ends_with(".setter") || c.ends_with(".getter") || c.ends_with(".deleter");
      d.is_staticmethod |= decorator_is(c, {"staticmethod", "abc.abstractstaticmethod"});
      d.is_classmethod |= decorator_is(c, {"classmethod", "abc.abstractclassmethod"});
      d.is_overload |=
          decorator_is(c, {"overload", "typing.overload", "typing_extensions.overload"});
      d.is_abstract |= decorator_is(c, {"abstractmethod", "abc.abstractmethod"});
      d.is_dataclass |= decorator_is(c, {"dataclass", "dataclasses.dataclass"});
    }
    TSNode colon{};
    uint32_t count = ts_node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_child(node, i);
      if (type_of(c) == "async") d.is_async = true;
      if (type_of(c) == ":" && !ts_node_is_missing(c)) colon = c;
    }
    if (ts_node_is_null(colon)) return std::nullopt; // a header without its ':' is not well-formed
    d.colon_byte = at_.start_byte(colon);
    d.header_range = at_.range_of(outer);
    d.header_range.end_byte = at_.end_byte(colon);
    d.header_range.end = at_.end_point(colon);

    bool own_public = !name_is_private(d.name);
    if (depth == 1 && out_.has_all)
      own_public =
          std::find(out_.all_names.begin(), out_.all_names.end(), d.name) != out_.all_names.end();
    d.is_public = scope.parent_public && own_public;

    // Body position and indentation.
    TSNode first = first_statement(body);
    uint32_t body_byte = ts_node_is_null(first) ? at_.start_byte(body) : at_.start_byte(first);
    d.body_start_byte = body_byte;
    d.body_on_header_line = ts_node_start_point(body).row == ts_node_start_point(colon).row;
    uint32_t line_start = line_start_of(at_.start_byte(outer));
    std::string def_indent = leading_ws(line_start);
    if (d.body_on_header_line) {
      d.body_indent = def_indent + (def_indent.find('\t') != std::string::npos ? "\t" : "    ");
    } else {
      d.body_indent = leading_ws(line_start_of(body_byte));
    }
    d.docstring = docstring_of(body);

    if (is_class) {
      TSNode sup = field(node, "superclasses");
      if (!ts_node_is_null(sup)) {
        for (TSNode base : children_of(sup)) d.bases.push_back(text(base));
      }
      class_members(body, d);
    } else {
      bool bound = in_class && !d.is_staticmethod;
      d.params = parameters(params, bound);
      TSNode rt = field(node, "return_type");
      if (!ts_node_is_null(rt)) d.return_annotation = text(rt);
      body_facts(body, d);
      d.body = read_body_shape(body, src_, d.params);
    }
    Scope inner{d.qualified_name, depth + 1, is_class, d.is_public,
                is_class ? d.qualified_name : scope.class_name};
    out_.definitions.push_back(std::move(d));
    return inner;
  }

  // Lines end at '\n', "\r\n" or a lone '\r' (as for CPython).
  uint32_t line_start_of(uint32_t byte) const {
    auto line_break_before = [&](uint32_t b) {
      return src_[b - 1] == '\n' || (src_[b - 1] == '\r' && (b == src_.size() || src_[b] != '\n'));
    };
    while (byte > 0 && !line_break_before(byte)) --byte;
    return byte;
  }
  std::string leading_ws(uint32_t line_start) const {
    uint32_t e = line_start;
    while (e < src_.size() && (src_[e] == ' ' || src_[e] == '\t' || src_[e] == '\f')) ++e;
    return src_.substr(line_start, e - line_start);
  }

  std::vector<Parameter> parameters(TSNode params, bool bound) {
    std::vector<Parameter> out;
    bool keyword_only = false;
    for (TSNode p : children_of(params)) {
      auto t = type_of(p);
      if (t == "comment") continue;
      if (t == "positional_separator") {
        for (auto& q : out) q.kind = ParamKind::PositionalOnly;
        continue;
      }
      if (t == "keyword_separator") {
        keyword_only = true;
        continue;
      }
      Parameter param;
      param.kind = keyword_only ? ParamKind::KeywordOnly : ParamKind::Normal;
      TSNode target = p;
      if (t == "typed_parameter") {
        param.annotation = text(field(p, "type"));
        target = first_named(p);
      } else if (t == "default_parameter" || t == "typed_default_parameter") {
        target = field(p, "name");
        param.default_value = text(field(p, "value"));
        if (t == "typed_default_parameter") param.annotation = text(field(p, "type"));
      }
      auto tt = type_of(target);
      if (tt == "list_splat_pattern") {
        param.kind = ParamKind::VarPositional;
        keyword_only = true;
        target = first_named(target);
      } else if (tt == "dictionary_splat_pattern") {
        param.kind = ParamKind::VarKeyword;
        target = first_named(target);
      }
      param.name = text(target);
      if (param.name.empty()) continue;
      out.push_back(std::move(param));
    }
    if (bound && !out.empty() &&
        (out[0].kind == ParamKind::Normal || out[0].kind == ParamKind::PositionalOnly))
      out[0].is_self_or_cls = true;
    return out;
  }

  // yield / return value / raise, in the function's own body (not nested defs, classes, lambdas).
  // Iterative, like walk_definitions: a body's expressions can nest arbitrarily deep.
  void body_facts(TSNode body, Definition& d) {
    std::vector<std::pair<TSNode, bool>> stack{{body, true}};
    while (!stack.empty()) {
      TSNode n = stack.back().first;
      stack.pop_back();
      auto t = type_of(n);
      if (t == "function_definition" || t == "class_definition" || t == "lambda" ||
          t == "decorated_definition")
        continue;
      if (t == "yield") d.yields = true;
      if (t == "return_statement") {
        TSNode v = first_named(n);
        if (!ts_node_is_null(v) && text(v) != "None") d.returns_value = true;
      }
      if (t == "raise_statement") {
        TSNode e = first_named(n);
        if (!ts_node_is_null(e)) {
          std::string name = type_of(e) == "call" ? text(field(e, "function")) : text(e);
          if (!name.empty() && std::find(d.raises.begin(), d.raises.end(), name) == d.raises.end())
            d.raises.push_back(name);
        }
      }
      push_children(stack, n, true);
    }
  }

  void class_members(TSNode body, Definition& d) {
    for (TSNode st : children_of(body)) {
      auto t = type_of(st);
      if (t == "expression_statement") {
        TSNode as = first_named(st);
        if (type_of(as) != "assignment") continue;
        TSNode left = field(as, "left"), type = field(as, "type");
        if (ts_node_is_null(type) || type_of(left) != "identifier") continue;
        std::string annotation = text(type);
        // ClassVar annotations are class constants, not instance attributes / dataclass fields.
        if (annotation.starts_with("ClassVar") || annotation.starts_with("typing.ClassVar"))
          continue;
        TSNode right = field(as, "right");
        d.attributes.push_back(
            {text(left), std::move(annotation),
             ts_node_is_null(right) ? std::nullopt : std::optional<std::string>(text(right))});
      } else if (t == "function_definition" || t == "decorated_definition") {
        TSNode fn = t == "decorated_definition" ? field(st, "definition") : st;
        if (ts_node_is_null(fn) || type_of(fn) != "function_definition") continue;
        d.methods.push_back(text(field(fn, "name")));
        if (d.methods.back() != "__init__") continue;
        TSNode params = field(fn, "parameters");
        if (ts_node_is_null(params)) continue;
        auto init_params = parameters(params, true);
        for (const auto& [attr, value] :
             read_body_shape(field(fn, "body"), src_, init_params).self_stores)
          if ((value == attr || "_" + value == attr) && is_param(init_params, value))
            d.init_stored.push_back(value);
        d.init_params = std::move(init_params);
        if (!d.init_params.empty() && d.init_params[0].is_self_or_cls)
          d.init_params.erase(d.init_params.begin());
      }
    }
  }

  const std::string& src_;
  ParseResult& out_;
  Locator at_;
};

// Depth-first: the first node that is an ERROR or MISSING node (a loop: trees nest deeply).
Point first_error_point(TSNode n, const Locator& at) {
  for (;;) {
    if (type_of(n) == "ERROR" || ts_node_is_missing(n)) break;
    auto children = children_of(n, false);
    auto next = std::find_if(children.begin(), children.end(),
                             [](TSNode c) { return ts_node_has_error(c); });
    if (next == children.end()) break;
    n = *next;
  }
  return at.start_point(n);
}

} // namespace

ParseResult extract_definitions(const SyntaxTree& tree, std::string_view module_name) {
  ParseResult out;
  if (!tree.raw()) return out;
  TSNode root = ts_tree_root_node(tree.raw());
  out.has_errors = ts_node_has_error(root);
  Locator at{tree.indent_map()};
  if (out.has_errors) out.first_error = first_error_point(root, at);
  Extractor ex(tree.source(), out, at);
  ex.module(root, module_name);
  return out;
}

} // namespace axl::parser
