#include "parser/body_shape.h"

namespace axl::parser {
namespace {

using ts::field;
constexpr auto kind = ts::type_of;

std::string text(TSNode n, std::string_view src) {
  if (ts_node_is_null(n)) return {};
  uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (e > src.size() || e < b) return {};
  return std::string(src.substr(b, e - b));
}

// The statements that do something: comments, a leading docstring, `pass` and `...` left out.
std::vector<TSNode> statements(TSNode block) {
  std::vector<TSNode> out;
  uint32_t count = ts_node_named_child_count(block);
  bool first = true;
  for (uint32_t i = 0; i < count; ++i) {
    TSNode st = ts_node_named_child(block, i);
    auto k = kind(st);
    if (k == "comment") continue;
    bool was_first = first;
    first = false;
    if (k == "pass_statement") continue;
    if (k == "expression_statement" && ts_node_named_child_count(st) == 1) {
      auto e = kind(ts_node_named_child(st, 0));
      if (e == "ellipsis" || (e == "string" && was_first)) continue;
    }
    out.push_back(st);
  }
  return out;
}

// The only expression of an expression/return statement (null when there is not exactly one).
TSNode only_child(TSNode st) {
  TSNode found{};
  uint32_t count = ts_node_named_child_count(st);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_named_child(st, i);
    if (kind(c) == "comment") continue;
    if (!ts_node_is_null(found)) return TSNode{};
    found = c;
  }
  return found;
}

std::string self_name(const std::vector<Parameter>& params) {
  return !params.empty() && params[0].is_self_or_cls ? params[0].name : std::string();
}

// `self.x` -> "x" when `n` is an attribute of the bound first parameter, else "".
std::string self_attribute(TSNode n, std::string_view src, const std::string& self) {
  if (self.empty() || kind(n) != "attribute") return {};
  if (text(field(n, "object"), src) != self) return {};
  return text(field(n, "attribute"), src);
}

void read_call(TSNode call, std::string_view src, BodyShape& s) {
  s.callee = text(field(call, "function"), src);
  TSNode args = field(call, "arguments");
  if (ts_node_is_null(args) || kind(args) != "argument_list") return;
  uint32_t count = ts_node_named_child_count(args);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode a = ts_node_named_child(args, i);
    if (kind(a) != "comment") s.call_args.push_back(text(a, src));
  }
}

void read_comparison(TSNode cmp, std::string_view src, BodyShape& s) {
  uint32_t count = ts_node_child_count(cmp);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode c = ts_node_child(cmp, i);
    if (kind(c) == "comment") continue;
    // Operands are named nodes; operators ("<", "is not", "not in") are anonymous tokens.
    s.comparison.push_back(ts_node_is_named(c) ? text(c, src) : std::string(kind(c)));
  }
}

bool is_super_init_call(TSNode st, std::string_view src) {
  if (kind(st) != "expression_statement") return false;
  TSNode e = only_child(st);
  if (ts_node_is_null(e) || kind(e) != "call") return false;
  std::string f = text(field(e, "function"), src);
  return f.starts_with("super(") && f.ends_with(".__init__");
}

// The plain (not starred, not self) parameters of a function node.
std::vector<std::string> plain_params(TSNode fn, std::string_view src, bool skip_first) {
  std::vector<std::string> out;
  TSNode params = field(fn, "parameters");
  if (ts_node_is_null(params)) return out;
  uint32_t count = ts_node_named_child_count(params);
  for (uint32_t i = 0; i < count; ++i) {
    TSNode p = ts_node_named_child(params, i);
    auto k = kind(p);
    if (k == "comment") continue;
    if (k == "identifier")
      out.push_back(text(p, src));
    else
      out.push_back(""); // typed, defaulted, starred, separators: not a plain parameter
  }
  if (skip_first && !out.empty()) out.erase(out.begin());
  return out;
}

// Does the subtree call `name(...)`? Iterative and bounded (a wrapper's body is small).
bool calls(TSNode root, std::string_view src, const std::string& name) {
  std::vector<TSNode> stack{root};
  for (int visited = 0; !stack.empty() && visited < 20000; ++visited) {
    TSNode n = stack.back();
    stack.pop_back();
    if (kind(n) == "call" && text(field(n, "function"), src) == name) return true;
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) stack.push_back(ts_node_named_child(n, i));
  }
  return false;
}

// The function (node, decorators) that the last statement of `block` returns, when it is
// defined in `block` itself.
struct Inner {
  TSNode fn{};
  std::vector<std::string> decorators;
};
Inner returned_inner_function(const std::vector<TSNode>& sts, std::string_view src) {
  if (sts.empty() || kind(sts.back()) != "return_statement") return {};
  TSNode v = only_child(sts.back());
  if (ts_node_is_null(v) || kind(v) != "identifier") return {};
  std::string name = text(v, src);
  for (TSNode st : sts) {
    Inner in;
    TSNode fn = st;
    if (kind(st) == "decorated_definition") {
      fn = field(st, "definition");
      uint32_t count = ts_node_named_child_count(st);
      for (uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(st, i);
        if (kind(c) == "decorator" && ts_node_named_child_count(c) > 0)
          in.decorators.push_back(text(ts_node_named_child(c, 0), src));
      }
    }
    if (ts_node_is_null(fn) || kind(fn) != "function_definition") continue;
    if (text(field(fn, "name"), src) != name) continue;
    in.fn = fn;
    return in;
  }
  return {};
}

// A decorator: one plain parameter p; returns an inner function decorated with wraps(p) or
// calling p.
bool is_decorator(const std::vector<std::string>& params, const std::vector<TSNode>& sts,
                  std::string_view src) {
  if (params.size() != 1 || params[0].empty()) return false;
  const std::string& p = params[0];
  Inner in = returned_inner_function(sts, src);
  if (ts_node_is_null(in.fn)) return false;
  for (const auto& d : in.decorators)
    if (d == "wraps(" + p + ")" || d == "functools.wraps(" + p + ")") return true;
  return calls(field(in.fn, "body"), src, p);
}

} // namespace

BodyShape read_body_shape(TSNode body, std::string_view src, const std::vector<Parameter>& params) {
  BodyShape s;
  // Nothing is proven from a body with syntax errors (or one cut short, as in a context window).
  if (ts_node_is_null(body) || ts_node_has_error(body)) return s;
  auto sts = statements(body);
  s.statements = sts.size();
  std::string self = self_name(params);

  bool stores = !sts.empty();
  for (TSNode st : sts) {
    if (is_super_init_call(st, src)) continue;
    TSNode as = kind(st) == "expression_statement" ? only_child(st) : TSNode{};
    if (ts_node_is_null(as) || kind(as) != "assignment" || !ts_node_is_null(field(as, "type"))) {
      stores = false;
      break;
    }
    std::string attr = self_attribute(field(as, "left"), src, self);
    TSNode right = field(as, "right");
    if (attr.empty() || ts_node_is_null(right) || kind(right) == "assignment") {
      stores = false;
      break;
    }
    s.self_stores.emplace_back(attr, text(right, src));
  }
  if (!stores) s.self_stores.clear();

  std::vector<std::string> plain;
  for (const auto& p : params)
    if (!p.is_self_or_cls)
      plain.push_back(p.kind == ParamKind::Normal || p.kind == ParamKind::PositionalOnly ? p.name
                                                                                         : "");
  if (is_decorator(plain, sts, src)) {
    s.returns_wrapper = true;
  } else {
    Inner in = returned_inner_function(sts, src);
    if (!ts_node_is_null(in.fn)) {
      TSNode inner_body = field(in.fn, "body");
      if (!ts_node_is_null(inner_body))
        s.returns_decorator =
            is_decorator(plain_params(in.fn, src, false), statements(inner_body), src);
    }
  }

  if (sts.size() != 1) return s;
  TSNode st = sts[0];
  auto k = kind(st);
  if (k == "raise_statement") {
    TSNode e = only_child(st);
    if (!ts_node_is_null(e)) {
      std::string name = kind(e) == "call" ? text(field(e, "function"), src) : text(e, src);
      s.raises_not_implemented = name == "NotImplementedError";
    }
    return s;
  }
  if (k != "return_statement" && k != "expression_statement") return s;
  TSNode e = only_child(st);
  if (ts_node_is_null(e)) return s;
  if (k == "expression_statement") {
    if (kind(e) == "call") read_call(e, src, s);
    return s;
  }
  s.return_kind = kind(e);
  s.return_text = text(e, src);
  if (s.return_kind == "call") {
    read_call(e, src, s);
    s.call_returned = true;
  } else if (s.return_kind == "comparison_operator") {
    read_comparison(e, src, s);
  } else if (s.return_kind == "attribute") {
    s.returned_attribute = self_attribute(e, src, self);
  }
  return s;
}

} // namespace axl::parser
