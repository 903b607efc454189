#include "docstring/heuristic_summary.h"

#include "docstring/facts.h"
#include "docstring/proven_summary.h"
#include "docstring/text_util.h"
#include "docstring/verbs.h"

#include <algorithm>
#include <array>
#include <utility>

namespace axl::docstring {
namespace {

using parser::Definition;
using parser::DefKind;

template <class Set> bool one_of(std::string_view w, const Set& set) {
  return std::find(std::begin(set), std::end(set), w) != std::end(set);
}

// Words after which "the" would be wrong ("Read from file.", "Find all users.").
constexpr std::array<std::string_view, 24> kNoArticle = {
    "from", "to",   "into",  "with", "for",  "by", "on", "in", "at",  "of",  "as",   "if",
    "all",  "each", "every", "any",  "some", "no", "a",  "an", "the", "new", "many", "one"};
constexpr std::array<std::string_view, 6> kPredicates = {"is",     "has",   "can",
                                                         "should", "needs", "does"};
constexpr std::array<std::string_view, 14> kBoolVerbs = {
    "use",   "enable", "allow", "include", "follow", "skip",  "show",
    "force", "keep",   "strip", "ignore",  "raise",  "check", "return"};

// Whether the code allows an is_/has_/can_ name its "Return True if ..." reading: not for a
// generator, a return annotation other than a bool (`-> str`, `-> Optional[Match]`), or a lone
// `return <literal>` of another type (`return "yes"`).
bool may_return_bool(const Definition& def) {
  if (def.yields) return false;
  if (def.return_annotation) {
    std::string_view ann = trim(*def.return_annotation);
    std::string_view head = last_component(ann.substr(0, ann.find('[')));
    if (ann != "bool" && ann != "builtins.bool" && head != "TypeGuard" && head != "TypeIs")
      return false;
  }
  std::string literal = inferred_return_type(def);
  return literal.empty() || literal == "bool";
}

std::string the_phrase(const std::vector<std::string>& words, size_t from) {
  std::string rest = join_words(words, from);
  if (rest.empty()) return rest;
  if (one_of(words[from], kNoArticle)) return rest;
  return "the " + rest;
}

std::string singular(std::string w) {
  if (w.size() > 3 && w.ends_with("ies")) return w.substr(0, w.size() - 3) + "y";
  if (w.size() > 2 && w.ends_with("s") && !w.ends_with("ss")) w.pop_back();
  return w;
}

std::optional<std::string> dunder_summary(const Definition& def) {
  std::string cls = owner_class(def);
  std::string obj = cls.empty() ? "object" : cls;
  static const std::array<std::pair<std::string_view, std::string_view>, 40> table = {{
      {"__str__", "Return the string representation."},
      {"__repr__", "Return the developer representation."},
      {"__len__", "Return the number of items."},
      {"__iter__", "Iterate over the items."},
      {"__next__", "Return the next item."},
      {"__hash__", "Return the hash value."},
      {"__bool__", "Return the truth value."},
      {"__eq__", "Return True if equal to the other object."},
      {"__ne__", "Return True if not equal to the other object."},
      {"__lt__", "Return True if less than the other object."},
      {"__le__", "Return True if less than or equal to the other object."},
      {"__gt__", "Return True if greater than the other object."},
      {"__ge__", "Return True if greater than or equal to the other object."},
      {"__contains__", "Return True if the item is contained."},
      {"__getitem__", "Return the item for the key."},
      {"__setitem__", "Set the item for the key."},
      {"__delitem__", "Delete the item for the key."},
      {"__getattr__", "Return the attribute with the given name."},
      {"__setattr__", "Set the attribute with the given name."},
      {"__delattr__", "Delete the attribute with the given name."},
      {"__enter__", "Enter the runtime context."},
      {"__exit__", "Exit the runtime context."},
      {"__aenter__", "Enter the asynchronous context."},
      {"__aexit__", "Exit the asynchronous context."},
      {"__aiter__", "Return the asynchronous iterator."},
      {"__anext__", "Return the next item asynchronously."},
      {"__await__", "Wait for the result."},
      {"__del__", "Finalize the object."},
      {"__copy__", "Return a shallow copy."},
      {"__deepcopy__", "Return a deep copy."},
      {"__add__", "Return the sum with the other object."},
      {"__sub__", "Return the difference with the other object."},
      {"__mul__", "Return the product with the other object."},
      {"__format__", "Return the formatted representation."},
      {"__reduce__", "Return the state for pickling."},
      {"__getstate__", "Return the state for pickling."},
      {"__setstate__", "Restore the state from pickling."},
      {"__post_init__", "Finish initialization."},
      {"__set_name__", "Record the owner class and attribute name."},
      {"__class_getitem__", "Return a generic alias."},
  }};
  if (def.name == "__init__") return "Initialize the " + obj + ".";
  if (def.name == "__new__") return "Create a new " + obj + ".";
  if (def.name == "__call__") return "Call the " + obj + ".";
  for (const auto& [n, s] : table)
    if (def.name == n) return std::string(s);
  return std::nullopt;
}

// A verb template for the name; nullopt when only the name-split baseline fits.
std::optional<std::string> template_summary(const Definition& def) {
  auto words = split_identifier(def.name);
  if (words.empty()) return std::nullopt;
  const std::string& w0 = words[0];
  std::string rest = join_words(words, 1);
  bool returns = def.returns_value || (def.return_annotation && *def.return_annotation != "None");
  if (w0 == "get")
    return rest.empty() ? "Return the value." : "Return " + the_phrase(words, 1) + ".";
  if (one_of(w0, kPredicates) && !rest.empty()) {
    if (!may_return_bool(def)) return std::nullopt; // the name-split baseline: "Has name."
    if (w0 == "is") return "Return True if " + rest + ".";
    return "Return True if it " + w0 + " " + rest + ".";
  }
  if (w0 == "to" && !rest.empty()) return "Convert to " + rest + ".";
  if (w0 == "as" && !rest.empty()) return "Return as " + rest + ".";
  if (w0 == "from" && !rest.empty()) {
    std::string cls = owner_class(def);
    if (cls.empty()) return "Create from " + rest + ".";
    return "Create " + std::string(article(cls)) + " " + cls + " from " + rest + ".";
  }
  if (w0 == "set" && !rest.empty()) return "Set " + the_phrase(words, 1) + ".";
  if ((w0 == "create" || w0 == "make" || w0 == "build" || w0 == "new") && !rest.empty()) {
    if (words.back().ends_with("s") || one_of(words[1], kNoArticle)) return "Create " + rest + ".";
    return "Create " + std::string(article(rest)) + " " + rest + ".";
  }
  if ((w0 == "init" || w0 == "initialize" || w0 == "setup") && !rest.empty())
    return "Initialize " + the_phrase(words, 1) + ".";
  if (w0 == "iter" || w0 == "iterate")
    return rest.empty() ? "Iterate over the items." : "Iterate over " + the_phrase(words, 1) + ".";
  if (w0 == "on" && !rest.empty()) return "Handle the " + rest + " event.";
  if (w0 == "test") return rest.empty() ? "Run the test." : "Test " + rest + ".";
  if (w0 == "main" && words.size() == 1) return "Run the main program.";
  if (one_of(w0, kVerbs)) return sentence(w0 + (rest.empty() ? "" : " " + the_phrase(words, 1)));
  // A noun phrase that returns something reads as "Return the <noun phrase>." (a single word
  // is as likely a verb not listed above: it keeps the name-split baseline).
  if (returns && words.size() > 1) return "Return " + the_phrase(words, 0) + ".";
  return std::nullopt;
}

// The summary from the name alone, and how it was made.
std::pair<std::string, NameSummary> name_summary(const Definition& def) {
  if (auto t = template_summary(def)) {
    bool returns = t->starts_with("Return ") && !t->starts_with("Return True");
    return {*t, returns ? NameSummary::Returns : NameSummary::Verb};
  }
  auto words = split_identifier(def.name);
  return {words.empty() ? "Function." : sentence(join_words(words)), NameSummary::Baseline};
}

std::string function_summary(const Definition& def) {
  auto [text, kind] = name_summary(def);
  if (auto proven = proven_function_summary(def, text, kind)) return *proven;
  if (is_dunder(def.name)) {
    if (auto s = dunder_summary(def)) return *s;
    return "Implement " + def.name + ".";
  }
  return text;
}

std::string module_summary(const Definition& def) {
  if (def.name.empty()) return "Module.";
  if (def.name == "__init__") return "Package initialization.";
  if (def.name == "__main__") return "Command-line entry point.";
  auto words = split_identifier(def.name);
  return words.empty() ? "Module." : sentence(join_words(words));
}

bool simple_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string describe_type(std::string_view type) {
  static const std::array<std::pair<std::string_view, std::string_view>, 9> builtins = {{
      {"str", "The resulting string."},
      {"bytes", "The resulting bytes."},
      {"int", "The resulting integer."},
      {"float", "The resulting number."},
      {"list", "The resulting list."},
      {"dict", "The resulting dictionary."},
      {"tuple", "The resulting tuple."},
      {"set", "The resulting set."},
      {"bool", "The boolean result."},
  }};
  for (const auto& [t, s] : builtins)
    if (type == t) return std::string(s);
  if (simple_identifier(type) && type != "Any" && type != "object")
    return "The " + join_words(split_identifier(type)) + ".";
  return {};
}

} // namespace

std::string heuristic_summary(const Definition& def) {
  switch (def.kind) {
  case DefKind::Module:
    return module_summary(def);
  case DefKind::Class: {
    if (auto proven = proven_class_summary(def)) return *proven;
    auto words = split_identifier(def.name);
    return words.empty() ? "Class." : sentence(join_words(words));
  }
  case DefKind::Function:
  case DefKind::Method:
    break;
  }
  if (def.is_property) {
    auto words = split_identifier(def.name);
    if (!words.empty() && words[0] == "is" && words.size() > 1)
      return sentence("Whether " + join_words(words, 1));
    if (!words.empty() && one_of(words[0], kPredicates) && words.size() > 1)
      return sentence("Whether it " + join_words(words));
    return words.empty() ? "The value." : sentence("The " + join_words(words));
  }
  return function_summary(def);
}

std::string heuristic_param(const parser::Parameter& p) {
  if (p.kind == parser::ParamKind::VarPositional) return "Additional positional arguments.";
  if (p.kind == parser::ParamKind::VarKeyword) return "Additional keyword arguments.";
  auto words = split_identifier(p.name);
  if (words.empty()) return "The value.";
  bool is_bool = (p.annotation && (*p.annotation == "bool" || *p.annotation == "Optional[bool]")) ||
                 (p.default_value && (*p.default_value == "True" || *p.default_value == "False"));
  if (is_bool) {
    if (words[0] == "is" && words.size() > 1) return sentence("Whether " + join_words(words, 1));
    if (one_of(words[0], kBoolVerbs) || one_of(words[0], kVerbs))
      return sentence("Whether to " + join_words(words));
    return sentence("Whether " + join_words(words));
  }
  if ((words[0] == "num" || words[0] == "n") && words.size() > 1)
    return sentence("The number of " + join_words(words, 1));
  if (words.size() == 1 && (words[0] == "fn" || words[0] == "func" || words[0] == "callback"))
    return "The function to call.";
  return sentence("The " + join_words(words));
}

std::string heuristic_returns(const Definition& def) {
  auto words = split_identifier(def.name);
  std::string ann = def.return_annotation ? std::string(trim(*def.return_annotation)) : "";
  if (!words.empty()) {
    const std::string& w0 = words[0];
    if (one_of(w0, kPredicates) && words.size() > 1 && may_return_bool(def)) {
      if (w0 == "is") return "True if " + join_words(words, 1) + ", False otherwise.";
      return "True if it " + w0 + " " + join_words(words, 1) + ", False otherwise.";
    }
    if (w0 == "to" && words.size() > 1) return "The " + join_words(words, 1) + " representation.";
    if (w0 == "from")
      return owner_class(def).empty() ? "The new instance." : "The new " + owner_class(def) + ".";
    if ((w0 == "get" || w0 == "compute" || w0 == "calculate" || w0 == "find" || w0 == "load" ||
         w0 == "fetch" || w0 == "read" || w0 == "parse" || w0 == "create" || w0 == "make" ||
         w0 == "build") &&
        words.size() > 1 && !one_of(words[1], kNoArticle))
      return sentence("The " + join_words(words, 1));
  }
  if (def.name == "__str__" || def.name == "__repr__" || def.name == "__format__")
    return "The string representation.";
  if (!ann.empty()) {
    std::string d = describe_type(ann);
    if (!d.empty()) return d;
  }
  return {}; // not "The result.": the entry shows the type alone
}

std::string returns_from_summary(std::string_view summary) {
  summary = trim(summary);
  if (!summary.starts_with("Return ") || summary.size() < 9) return {};
  std::string_view rest = summary.substr(7);
  if (rest.starts_with("True if ")) {
    std::string r(rest);
    if (r.back() == '.') r.pop_back();
    return r + ", False otherwise.";
  }
  char c = rest[0];
  if (!((c >= 'a' && c <= 'z') || c == '`')) return {};
  return sentence(rest);
}

std::string heuristic_yields(const Definition& def) {
  auto words = split_identifier(def.name);
  if (words.size() > 1 && (words[0] == "iter" || words[0] == "iterate" || words[0] == "generate"))
    return sentence("The next " + singular(join_words(words, 1)));
  if (def.return_annotation) {
    std::string el = iterator_element_type(*def.return_annotation);
    if (simple_identifier(el) && el != "Any" && el != "object") {
      if (el == "str") return "The next string.";
      if (el == "int") return "The next integer.";
      return sentence("The next " + join_words(split_identifier(el)));
    }
  }
  return {}; // not "The next value.": the entry shows the type alone
}

std::string heuristic_raises(std::string_view exception) {
  auto dot = exception.rfind('.');
  std::string_view name = dot == std::string_view::npos ? exception : exception.substr(dot + 1);
  // Only texts that say when the exception is raised; "If a value is invalid." for ValueError
  // would only restate the name (filler): those entries are written with the type alone.
  static const std::array<std::pair<std::string_view, std::string_view>, 9> table = {{
      {"KeyError", "If a key is missing."},
      {"IndexError", "If an index is out of range."},
      {"AttributeError", "If an attribute is missing."},
      {"NotImplementedError", "If a subclass does not implement this."},
      {"FileNotFoundError", "If the file does not exist."},
      {"FileExistsError", "If the file already exists."},
      {"PermissionError", "If permission is denied."},
      {"TimeoutError", "If the operation times out."},
      {"StopIteration", "When there are no more items."},
  }};
  for (const auto& [n, s] : table)
    if (name == n) return std::string(s);
  return {};
}

std::string heuristic_attribute(const parser::Attribute& attr) {
  auto words = split_identifier(attr.name);
  return words.empty() ? "The value." : sentence("The " + join_words(words));
}

void fill_gaps(DocText& t, const Definition& def) {
  if (trim(t.summary).empty()) t.summary = heuristic_summary(def);
  for (const auto* params : {&def.params, &def.init_params})
    for (const auto& p : *params)
      if (!p.is_self_or_cls && trim(t.params[p.name]).empty())
        t.params[p.name] = heuristic_param(p);
  // A predicate's Returns follows its summary ("Return True if `x` is None." -> "True if `x` is
  // None, False otherwise."); otherwise the name's text, else whatever a "Return ..." summary says.
  if (trim(t.returns).empty() && trim(t.summary).starts_with("Return True if "))
    t.returns = returns_from_summary(t.summary);
  if (trim(t.returns).empty()) t.returns = heuristic_returns(def);
  if (trim(t.returns).empty()) t.returns = returns_from_summary(t.summary);
  if (trim(t.yields).empty()) t.yields = heuristic_yields(def);
  for (const auto& r : def.raises)
    if (trim(t.raises[r]).empty()) t.raises[r] = heuristic_raises(r);
  for (const auto& a : def.attributes)
    if (trim(t.attributes[a.name]).empty()) t.attributes[a.name] = heuristic_attribute(a);
}

DocText HeuristicSummaryProvider::describe(const Definition& def, std::string_view,
                                           std::stop_token) {
  DocText t;
  fill_gaps(t, def);
  return t;
}

} // namespace axl::docstring
