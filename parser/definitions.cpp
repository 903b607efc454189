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

Range range_of(TSNode n) {
  TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
  return {ts_node_start_byte(n), ts_node_end_byte(n), {s.row, s.column}, {e.row, e.column}};
}

bool is_comment(TSNode n) {
  return type_of(n) == "comment";
}

// First named child that is not a comment (comments are "extra" nodes anywhere in a block).
TSNode first_statement(TSNode block) {
  uint32_t count = ts_node_named_child_count(block);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_named_child(block, i);
    if (!is_comment(c)) return c;
  }
  return TSNode{};
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
  Extractor(const std::string& src, ParseResult& out) : src_(src), out_(out) {}

  std::string text(TSNode n) const {
    if (ts_node_is_null(n)) return {};
    uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (b > src_.size() || e > src_.size() || e < b) return {};
    return src_.substr(b, e - b);
  }

  void module(TSNode root, std::string_view module_name) {
    Definition m;
    m.kind = DefKind::Module;
    m.name = std::string(module_name);
    m.qualified_name = m.name;
    m.range = range_of(root);
    m.name_range = {0, 0, {}, {}};
    m.is_public = !name_is_private(module_name);
    m.depth = 0;
    m.body_start_byte = 0;
    read_all(root);
    m.docstring = docstring_of(root);
    out_.definitions.push_back(std::move(m));
    walk_block(root, "", 1, false, true);
  }

private:
  // `__all__ = [...]` / `(...)` at module level, strings only.
  void read_all(TSNode root) {
    uint32_t count = ts_node_named_child_count(root);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode st = ts_node_named_child(root, i);
      if (type_of(st) != "expression_statement") continue;
      TSNode as = ts_node_named_child(st, 0);
      if (type_of(as) != "assignment" && type_of(as) != "augmented_assignment") continue;
      if (text(field(as, "left")) != "__all__") continue;
      TSNode right = field(as, "right");
      if (type_of(right) != "list" && type_of(right) != "tuple") continue;
      out_.has_all = true;
      uint32_t n = ts_node_named_child_count(right);
      for (uint32_t j = 0; j < n; ++j) {
        TSNode s = ts_node_named_child(right, j);
        if (type_of(s) != "string") continue;
        std::string t = text(s);
        if (t.size() >= 2) out_.all_names.push_back(t.substr(1, t.size() - 2));
      }
    }
  }

  std::optional<ExistingDocstring> docstring_of(TSNode block) {
    TSNode st = first_statement(block);
    if (ts_node_is_null(st) || type_of(st) != "expression_statement") return std::nullopt;
    if (ts_node_named_child_count(st) != 1) return std::nullopt;
    TSNode s = ts_node_named_child(st, 0);
    if (type_of(s) != "string" || ts_node_has_error(s)) return std::nullopt;
    std::string lit = text(s);
    size_t q = lit.find_first_of("\"'");
    if (q == std::string::npos) return std::nullopt;
    std::string prefix = lit.substr(0, q);
    // f-strings are not docstrings (Python ignores them as such).
    if (prefix.find_first_of("fFbB") != std::string::npos) return std::nullopt;
    ExistingDocstring d;
    d.range = range_of(s);
    d.prefix = prefix;
    bool triple = lit.size() >= q + 6 && lit.compare(q, 3, std::string(3, lit[q])) == 0;
    d.quote = triple ? std::string(3, lit[q]) : std::string(1, lit[q]);
    size_t body_len = lit.size() - q - 2 * d.quote.size();
    if (lit.size() < q + 2 * d.quote.size()) return std::nullopt;
    d.raw_body = lit.substr(q + d.quote.size(), body_len);
    parse_docstring_sections(d);
    return d;
  }

  void walk_block(TSNode block, const std::string& prefix, int depth, bool in_class,
                  bool parent_public, const std::string& class_name = "") {
    uint32_t count = ts_node_named_child_count(block);
    for (uint32_t i = 0; i < count; ++i)
      visit(ts_node_named_child(block, i), prefix, depth, in_class, parent_public, class_name);
  }

  // Statements can hide definitions inside if/try/with/for/while/match and ERROR nodes.
  void visit(TSNode n, const std::string& prefix, int depth, bool in_class, bool parent_public,
             const std::string& class_name) {
    auto t = type_of(n);
    if (t == "function_definition" || t == "class_definition" || t == "decorated_definition") {
      definition(n, prefix, depth, in_class, parent_public, class_name);
      return;
    }
    if (t == "lambda" || t == "comment" || t == "string" || t == "expression_statement") return;
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i)
      visit(ts_node_named_child(n, i), prefix, depth, in_class, parent_public, class_name);
  }

  void definition(TSNode node, const std::string& prefix, int depth, bool in_class,
                  bool parent_public, const std::string& class_name) {
    TSNode outer = node;
    std::vector<std::string> decorators;
    if (type_of(node) == "decorated_definition") {
      uint32_t count = ts_node_named_child_count(node);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(node, i);
        if (type_of(c) != "decorator") continue;
        std::string d = text(c);
        size_t at = d.find('@');
        d = at == std::string::npos ? d : d.substr(at + 1);
        while (!d.empty() && (d.front() == ' ' || d.front() == '\t')) d.erase(d.begin());
        while (!d.empty() && std::isspace(static_cast<unsigned char>(d.back()))) d.pop_back();
        decorators.push_back(d);
      }
      node = field(node, "definition");
      if (ts_node_is_null(node)) return;
    }
    TSNode name = field(node, "name");
    TSNode body = field(node, "body");
    if (ts_node_is_null(name) || ts_node_is_missing(name) || ts_node_is_null(body)) return;
    bool is_class = type_of(node) == "class_definition";
    TSNode params = field(node, "parameters");
    if (!is_class && (ts_node_is_null(params) || ts_node_has_error(params))) return;

    Definition d;
    d.name = text(name);
    d.qualified_name = prefix.empty() ? d.name : prefix + "." + d.name;
    d.kind = is_class ? DefKind::Class : in_class ? DefKind::Method : DefKind::Function;
    d.range = range_of(outer);
    d.name_range = range_of(name);
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
    if (ts_node_is_null(colon)) return; // a header without its ':' is not well-formed
    d.colon_byte = ts_node_start_byte(colon);
    d.header_range = range_of(outer);
    d.header_range.end_byte = ts_node_end_byte(colon);
    d.header_range.end = {ts_node_end_point(colon).row, ts_node_end_point(colon).column};

    bool own_public = !name_is_private(d.name);
    if (depth == 1 && out_.has_all)
      own_public =
          std::find(out_.all_names.begin(), out_.all_names.end(), d.name) != out_.all_names.end();
    d.is_public = parent_public && own_public;

    // Body position and indentation.
    TSNode first = first_statement(body);
    uint32_t body_byte =
        ts_node_is_null(first) ? ts_node_start_byte(body) : ts_node_start_byte(first);
    d.body_start_byte = body_byte;
    d.body_on_header_line = ts_node_start_point(body).row == ts_node_start_point(colon).row;
    uint32_t line_start = line_start_of(ts_node_start_byte(outer));
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
        uint32_t n = ts_node_named_child_count(sup);
        for (uint32_t i = 0; i < n; ++i) d.bases.push_back(text(ts_node_named_child(sup, i)));
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
    std::string qn = d.qualified_name;
    bool pub = d.is_public;
    out_.definitions.push_back(std::move(d));
    walk_block(body, qn, depth + 1, is_class, pub, is_class ? qn : class_name);
  }

  uint32_t line_start_of(uint32_t byte) const {
    while (byte > 0 && src_[byte - 1] != '\n') --byte;
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
    uint32_t count = ts_node_named_child_count(params);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode p = ts_node_named_child(params, i);
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
        target = ts_node_named_child(p, 0);
      } else if (t == "default_parameter" || t == "typed_default_parameter") {
        target = field(p, "name");
        param.default_value = text(field(p, "value"));
        if (t == "typed_default_parameter") param.annotation = text(field(p, "type"));
      }
      auto tt = type_of(target);
      if (tt == "list_splat_pattern") {
        param.kind = ParamKind::VarPositional;
        keyword_only = true;
        target = ts_node_named_child(target, 0);
      } else if (tt == "dictionary_splat_pattern") {
        param.kind = ParamKind::VarKeyword;
        target = ts_node_named_child(target, 0);
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
  void body_facts(TSNode n, Definition& d) {
    auto t = type_of(n);
    if (t == "function_definition" || t == "class_definition" || t == "lambda" ||
        t == "decorated_definition")
      return;
    if (t == "yield") d.yields = true;
    if (t == "return_statement" && ts_node_named_child_count(n) > 0) {
      TSNode v = ts_node_named_child(n, 0);
      if (!is_comment(v) && text(v) != "None") d.returns_value = true;
    }
    if (t == "raise_statement" && ts_node_named_child_count(n) > 0) {
      TSNode e = ts_node_named_child(n, 0);
      if (!is_comment(e)) {
        std::string name = type_of(e) == "call" ? text(field(e, "function")) : text(e);
        if (!name.empty() && std::find(d.raises.begin(), d.raises.end(), name) == d.raises.end())
          d.raises.push_back(name);
      }
    }
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) body_facts(ts_node_named_child(n, i), d);
  }

  void class_members(TSNode body, Definition& d) {
    uint32_t count = ts_node_named_child_count(body);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode st = ts_node_named_child(body, i);
      auto t = type_of(st);
      if (t == "expression_statement") {
        TSNode as = ts_node_named_child(st, 0);
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
};

// Depth-first: the first node that is an ERROR or MISSING node.
Point first_error_point(TSNode n) {
  if (type_of(n) == "ERROR" || ts_node_is_missing(n)) {
    TSPoint p = ts_node_start_point(n);
    return {p.row, p.column};
  }
  uint32_t count = ts_node_child_count(n);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_child(n, i);
    if (ts_node_has_error(c)) return first_error_point(c);
  }
  TSPoint p = ts_node_start_point(n);
  return {p.row, p.column};
}

} // namespace

ParseResult extract_definitions(const SyntaxTree& tree, std::string_view module_name) {
  ParseResult out;
  if (!tree.raw()) return out;
  TSNode root = ts_tree_root_node(tree.raw());
  out.has_errors = ts_node_has_error(root);
  if (out.has_errors) out.first_error = first_error_point(root);
  Extractor ex(tree.source(), out);
  ex.module(root, module_name);
  return out;
}

} // namespace axl::parser
