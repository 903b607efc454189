#include "docstring/proven_summary.h"

#include "docstring/facts.h"
#include "docstring/text_util.h"

#include <algorithm>
#include <array>
#include <utility>

namespace axl::docstring {
namespace {

using parser::Definition;

// `a`, `a` and `b`, `a`, `b` and `c`.
std::string code_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += i + 1 == names.size() ? " and " : ", ";
    out += "`" + names[i] + "`";
  }
  return out;
}

std::string without_period(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return std::string(s);
}

// "Load the config." -> "load the config" (to follow "to" / "by calling").
std::string verb_phrase(std::string_view summary) {
  std::string s = without_period(summary);
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z' && !(s.size() > 1 && s[1] >= 'A' && s[1] <= 'Z'))
    s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

// A dotted name (`self._impl.fetch`, `os.path.join`) that reads well between backticks.
bool dotted_name(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
  });
}

// An operand short and plain enough to quote in prose: a name, a literal number, None/True/False.
bool simple_operand(std::string_view s) {
  return dotted_name(s) && s.size() <= 30;
}

std::string operand(std::string_view s) {
  if (s == "None" || s == "True" || s == "False") return std::string(s);
  if (!s.empty() && s[0] >= '0' && s[0] <= '9') return std::string(s);
  std::string out = "`"; // built in steps: GCC 12's -Wrestrict misfires on "`" + string + "`"
  out.append(s);
  out += '`';
  return out;
}

std::vector<std::string> plain_params(const Definition& def) {
  std::vector<std::string> out;
  for (const auto& p : def.params)
    if (!p.is_self_or_cls) out.push_back(p.name);
  return out;
}

std::optional<std::string> fits(std::string s) {
  if (s.size() > kMaxProvenSummary) return std::nullopt;
  return s;
}

// `return a < b` and friends, when both sides are plain names or literals.
std::optional<std::string> comparison_phrase(const parser::BodyShape& b) {
  if (b.comparison.size() != 3) return std::nullopt;
  static const std::array<std::pair<std::string_view, std::string_view>, 10> ops = {{
      {"<", "is less than"},
      {"<=", "is at most"},
      {">", "is greater than"},
      {">=", "is at least"},
      {"==", "equals"},
      {"!=", "does not equal"},
      {"is", "is"},
      {"is not", "is not"},
      {"in", "is in"},
      {"not in", "is not in"},
  }};
  const auto& lhs = b.comparison[0];
  const auto& rhs = b.comparison[2];
  if (!simple_operand(lhs) || !simple_operand(rhs)) return std::nullopt;
  for (const auto& [op, words] : ops)
    if (b.comparison[1] == op) return operand(lhs) + " " + std::string(words) + " " + operand(rhs);
  return std::nullopt;
}

// `return isinstance(x, T)` / `hasattr(x, "n")` / `callable(x)`: what the builtin means.
std::optional<std::string> builtin_predicate(const parser::BodyShape& b) {
  if (!b.call_returned) return std::nullopt;
  const auto& a = b.call_args;
  if (b.callee == "isinstance" && a.size() == 2 && simple_operand(a[0]) && simple_operand(a[1]))
    return "`" + a[0] + "` is an instance of `" + a[1] + "`";
  if (b.callee == "issubclass" && a.size() == 2 && simple_operand(a[0]) && simple_operand(a[1]))
    return "`" + a[0] + "` is a subclass of `" + a[1] + "`";
  if (b.callee == "callable" && a.size() == 1 && simple_operand(a[0]))
    return "`" + a[0] + "` is callable";
  if (b.callee == "hasattr" && a.size() == 2 && simple_operand(a[0]) && a[1].size() > 2 &&
      (a[1][0] == '"' || a[1][0] == '\'') && a[1].back() == a[1][0] &&
      dotted_name(std::string_view(a[1]).substr(1, a[1].size() - 2)))
    return "`" + a[0] + "` has an attribute `" + a[1].substr(1, a[1].size() - 2) + "`";
  return std::nullopt;
}

bool bool_annotation(const Definition& def) {
  return def.return_annotation && trim(*def.return_annotation) == "bool";
}

// Words that cannot end a predicate's complement ("is_instance_of" names no state of its own).
bool ends_with_preposition(const std::vector<std::string>& words) {
  static const std::array<std::string_view, 12> preps = {
      "of", "to", "from", "with", "in", "for", "by", "on", "at", "as", "than", "into"};
  return std::find(preps.begin(), preps.end(), words.back()) != preps.end();
}

// `is_open(self) -> bool` -> "Return True if the connection is open."; `is_prime(n) -> bool` ->
// "Return True if `n` is prime." The subject is the instance (a method without other parameters)
// or the only parameter of a function; anything else stays with the name heuristic.
std::optional<std::string> predicate_summary(const Definition& def) {
  const auto& b = def.body;
  bool returns_bool = b.return_kind == "comparison_operator" || b.return_kind == "not_operator" ||
                      b.return_kind == "true" || b.return_kind == "false";
  if (auto phrase = builtin_predicate(b)) return fits("Return True if " + *phrase + ".");
  auto words = split_identifier(def.name);
  static const std::array<std::string_view, 4> verbs = {"is", "has", "can", "should"};
  bool predicate_name =
      words.size() > 1 && std::find(verbs.begin(), verbs.end(), words[0]) != verbs.end();
  if (!predicate_name && !bool_annotation(def)) return std::nullopt;
  if (auto phrase = comparison_phrase(b)) return fits("Return True if " + *phrase + ".");
  if (!predicate_name || !(bool_annotation(def) || returns_bool)) return std::nullopt;
  if (ends_with_preposition(words)) return std::nullopt;
  auto params = plain_params(def);
  std::string subject;
  if (def.kind == parser::DefKind::Method && params.empty() && !def.is_staticmethod &&
      !def.is_classmethod) {
    std::string cls = owner_class(def);
    if (cls.empty()) return std::nullopt;
    subject = "the " + join_words(split_identifier(cls));
  } else if (def.kind == parser::DefKind::Function && params.size() == 1 &&
             (words[0] == "is" || words[0] == "has")) {
    subject = "`" + params[0] + "`";
  } else {
    return std::nullopt;
  }
  return fits("Return True if " + subject + " " + words[0] + " " + join_words(words, 1) + ".");
}

bool decorated_with(const Definition& def, std::initializer_list<std::string_view> names) {
  for (const auto& d : def.decorators)
    for (auto n : names)
      if (d == n) return true;
  return false;
}

// The call of a function whose only statement is that call.
std::optional<std::string> call_phrase(const Definition& def) {
  const auto& b = def.body;
  // Conversions and reductions by builtins (`return str(x)`) are what the function computes, not
  // a callee it hands the work to: "by calling `str`" would be noise.
  static const std::array<std::string_view, 25> builtins = {
      "str",       "int", "float", "bool",   "bytes", "list", "dict", "tuple", "set",
      "frozenset", "len", "repr",  "sorted", "iter",  "next", "type", "hash",  "id",
      "min",       "max", "sum",   "any",    "all",   "abs",  "round"};
  if (std::find(builtins.begin(), builtins.end(), b.callee) != builtins.end()) return std::nullopt;
  std::string callee;
  if (b.callee.starts_with("super().") && dotted_name(b.callee.substr(8)))
    callee = "the parent class's `" + b.callee.substr(8) + "`";
  else if (dotted_name(b.callee))
    callee = "`" + b.callee + "`";
  else
    return std::nullopt;
  if (b.call_args.empty()) return callee;
  // The same arguments, in order (`*args`/`**kwargs` forwarded as such, keyword-only as k=k).
  std::vector<std::string> forwarded;
  for (const auto& p : def.params) {
    if (p.is_self_or_cls) continue;
    if (p.kind == parser::ParamKind::VarPositional)
      forwarded.push_back("*" + p.name);
    else if (p.kind == parser::ParamKind::VarKeyword)
      forwarded.push_back("**" + p.name);
    else if (p.kind == parser::ParamKind::KeywordOnly)
      forwarded.push_back(p.name + "=" + p.name);
    else
      forwarded.push_back(p.name);
  }
  if (b.call_args == forwarded) return callee + " with the same arguments";
  bool plain = std::all_of(b.call_args.begin(), b.call_args.end(),
                           [](const std::string& a) { return simple_operand(a); });
  if (plain && b.call_args.size() <= 3) return callee + " with " + code_list(b.call_args);
  return callee;
}

std::optional<std::string> delegation_summary(const Definition& def, std::string_view from_name,
                                              NameSummary kind) {
  auto call = call_phrase(def);
  if (!call) return std::nullopt;
  if (kind != NameSummary::Baseline) {
    // A name's text plus "by calling" reads as a proxy only when the callee is the same action
    // (`listen` -> `self._endpoint.listen`); "Return the password by calling `defer.succeed`" or
    // "Test X by calling `self.assertEqual`" would mislead.
    if (def.name.starts_with("test")) return std::nullopt;
    auto name_words = split_identifier(def.name);
    auto callee_words = split_identifier(last_component(def.body.callee));
    bool shared = std::any_of(callee_words.begin(), callee_words.end(), [&](const auto& w) {
      return w.size() > 2 && std::find(name_words.begin(), name_words.end(), w) != name_words.end();
    });
    if (!shared) return std::nullopt;
    if (auto s = fits(without_period(from_name) + " by calling " + *call + ".")) return s;
    return std::nullopt;
  }
  if (def.body.call_returned) return fits("Return the result of calling " + *call + ".");
  return fits("Call " + *call + ".");
}

std::optional<std::string> dunder_meaning(const Definition& def) {
  auto params = plain_params(def);
  std::string cls = owner_class(def);
  std::string obj = cls.empty() ? "object" : cls;
  const std::string& n = def.name;
  if (n == "__str__") return "Return the string representation, `str(self)`.";
  if (n == "__repr__") return "Return the developer representation, `repr(self)`.";
  if (n == "__len__") return "Return the number of items, `len(self)`.";
  if (n == "__hash__") return "Return the hash value, `hash(self)`.";
  if (n == "__bool__") return "Return the truth value, `bool(self)`.";
  if (n == "__iter__") return "Return an iterator over the items, `iter(self)`.";
  if (n == "__next__") return "Return the next item, `next(self)`.";
  if (params.size() == 1) {
    const std::string& p = params[0];
    static const std::array<std::pair<std::string_view, std::string_view>, 6> ops = {{
        {"__eq__", "=="},
        {"__ne__", "!="},
        {"__lt__", "<"},
        {"__le__", "<="},
        {"__gt__", ">"},
        {"__ge__", ">="},
    }};
    for (const auto& [name, op] : ops)
      if (n == name) return "Return `self " + std::string(op) + " " + p + "`.";
    if (n == "__contains__") return "Return True if `" + p + "` is in the " + obj + ".";
    if (n == "__getitem__") return "Return `self[" + p + "]`.";
    if (n == "__delitem__") return "Delete `self[" + p + "]`.";
  }
  if (params.size() == 2 && n == "__setitem__")
    return "Set `self[" + params[0] + "]` to `" + params[1] + "`.";
  if (n == "__enter__" && def.body.return_text == "self")
    return "Enter the runtime context and return this " + obj + ".";
  if (n == "__init__" && !def.body.self_stores.empty()) {
    std::vector<std::string> stored;
    for (const auto& [attr, value] : def.body.self_stores)
      if ((attr == value || attr == "_" + value) &&
          std::find(params.begin(), params.end(), value) != params.end() &&
          std::find(stored.begin(), stored.end(), value) == stored.end())
        stored.push_back(value);
    if (!stored.empty() && stored.size() <= 4)
      return fits("Initialize the " + obj + ", storing " + code_list(stored) + ".");
  }
  return std::nullopt;
}

// Rules in order of how much they say; the first that applies wins.
std::optional<std::string> body_rules(const Definition& def, std::string_view from_name,
                                      NameSummary kind) {
  const auto& b = def.body;
  bool method = def.kind == parser::DefKind::Method;
  if (b.raises_not_implemented && method && !is_dunder(def.name)) {
    if (kind == NameSummary::Baseline)
      return "Raise NotImplementedError: subclasses must implement this method.";
    return fits(without_period(from_name) + "; subclasses must implement it.");
  }
  if (decorated_with(def, {"contextmanager", "contextlib.contextmanager", "asynccontextmanager",
                           "contextlib.asynccontextmanager"})) {
    if (kind == NameSummary::Verb)
      return fits(without_period(from_name) + " for the duration of a `with` block.");
    if (kind == NameSummary::Returns && from_name.starts_with("Return "))
      return fits("Provide " + without_period(from_name.substr(7)) +
                  " for the duration of a `with` block.");
    auto words = split_identifier(def.name);
    if (words.empty()) return std::nullopt;
    return fits("Return a context manager for the " + join_words(words) + ".");
  }
  auto params = plain_params(def);
  if (b.returns_wrapper && params.size() == 1) {
    // "make_handler(callback)" returns a wrapper, but "to create a handler" would misread it.
    auto words = split_identifier(def.name);
    static const std::array<std::string_view, 10> makers = {
        "make", "create", "build", "new", "get", "from", "to", "as", "init", "setup"};
    bool maker =
        !words.empty() && std::find(makers.begin(), makers.end(), words[0]) != makers.end();
    if (kind == NameSummary::Verb && !maker)
      return fits("Decorate `" + params[0] + "` to " + verb_phrase(from_name) + ".");
    return fits("Decorate `" + params[0] + "` and return the wrapper.");
  }
  if (b.returns_decorator) {
    if (kind == NameSummary::Verb)
      return fits("Return a decorator to " + verb_phrase(from_name) + ".");
    if (!params.empty() && params.size() <= 3)
      return fits("Return a decorator configured by " + code_list(params) + ".");
    return "Return a decorator.";
  }
  if (def.yields) {
    if (kind == NameSummary::Returns && from_name.starts_with("Return "))
      return "Yield " + std::string(from_name.substr(7));
    auto words = split_identifier(def.name);
    // "_date_generator" names the generator, not what it yields.
    if (!words.empty() && (words.back() == "generator" || words.back() == "iterator" ||
                           words.back() == "gen" || words.back() == "iter"))
      return std::nullopt;
    // Only a name that ends in a plural reads as what it yields ("user_records"); any other may
    // start with a verb the tables lack ("summarize_address_range"), and "Yield the summarize
    // address range." would be garbled.
    if (kind == NameSummary::Baseline && !words.empty() && words.back().ends_with("s") &&
        !words.back().ends_with("ss"))
      return fits("Yield the " + join_words(words) + ".");
    return std::nullopt;
  }
  if (auto p = predicate_summary(def)) return p;
  if (method && !b.returned_attribute.empty() && kind != NameSummary::Returns) {
    auto words = split_identifier(b.returned_attribute);
    if (!words.empty()) return fits("Return the " + join_words(words) + ".");
  }
  if (method && b.self_stores.size() == 1 && b.statements == 1 && params.size() == 1 &&
      b.self_stores[0].second == params[0]) {
    auto words = split_identifier(b.self_stores[0].first);
    if (!words.empty()) return fits("Set the " + join_words(words) + " to `" + params[0] + "`.");
  }
  if (!b.callee.empty() && !is_dunder(def.name)) return delegation_summary(def, from_name, kind);
  return std::nullopt;
}

} // namespace

std::optional<std::string> proven_function_summary(const Definition& def,
                                                   std::string_view from_name, NameSummary kind) {
  if (is_dunder(def.name)) return dunder_meaning(def);
  return body_rules(def, from_name, kind);
}

std::optional<std::string> proven_class_summary(const Definition& def) {
  auto words = split_identifier(def.name);
  if (words.empty()) return std::nullopt;
  std::string name = join_words(words);
  bool manager = (has_method(def, "__enter__") && has_method(def, "__exit__")) ||
                 (has_method(def, "__aenter__") && has_method(def, "__aexit__"));
  if (manager && words.back() != "manager" && words.back() != "context") name += " context manager";
  std::vector<std::string> fields;
  if (def.is_dataclass) {
    for (const auto& a : def.attributes)
      if (!a.name.starts_with("_")) fields.push_back(a.name);
  } else if (!def.init_stored.empty()) {
    size_t plain = 0;
    for (const auto& p : def.init_params)
      plain +=
          p.kind != parser::ParamKind::VarPositional && p.kind != parser::ParamKind::VarKeyword;
    if (def.init_stored.size() == plain) fields = def.init_stored;
  }
  if (!fields.empty() && fields.size() <= 4) {
    if (auto s = fits(sentence(name + " with " + code_list(fields)))) return s;
  }
  if (manager) return sentence(name);
  return std::nullopt;
}

} // namespace axl::docstring
