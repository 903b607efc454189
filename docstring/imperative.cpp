#include "docstring/imperative.h"

#include "docstring/facts.h"
#include "docstring/text_util.h"
#include "docstring/verbs.h"

#include <algorithm>
#include <array>
#include <map>

namespace axl::docstring {
namespace {

bool vowel(char c) {
  return std::string_view("aeiou").find(c) != std::string_view::npos;
}

// Every -s and -ing form (not -ed: "Called when ..." is a passive, not a verb to turn around) of
// the verbs this knows, mapped to the verb.
const std::map<std::string, std::string, std::less<>>& conjugations() {
  static const auto table = [] {
    std::map<std::string, std::string, std::less<>> m;
    auto add = [&](std::string_view verb) {
      std::string v(verb);
      char last = v.back();
      bool consonant_y = v.size() > 1 && last == 'y' && !vowel(v[v.size() - 2]);
      std::string stem = consonant_y ? v.substr(0, v.size() - 1) + "i" : v;
      if (consonant_y)
        m.emplace(stem + "es", v);
      else if (last == 's' || last == 'x' || last == 'z' || last == 'o' || v.ends_with("ch") ||
               v.ends_with("sh"))
        m.emplace(v + "es", v);
      else
        m.emplace(v + "s", v);
      bool silent_e = last == 'e' && !v.ends_with("ee");
      m.emplace((silent_e ? v.substr(0, v.size() - 1) : v) + "ing", v);
      // Doubled final consonant: "mapping".
      if (!vowel(last) && last != 'y' && last != 'w' && last != 'x' && v.size() > 1 &&
          vowel(v[v.size() - 2])) {
        m.emplace(v + last + "ing", v);
      }
    };
    for (auto v : kVerbs) add(v);
    for (auto v : kSummaryVerbs) add(v);
    return m;
  }();
  return table;
}

using text::to_lower;

// Openings that only announce what follows ("This function returns ..." -> "Returns ...").
constexpr std::array<std::string_view, 8> kPreambles = {
    "this function ", "this method ",        "function to ",   "method to ",
    "helper to ",     "helper function to ", "a function to ", "a method to "};

// First words pydocstyle's D401 rejects (articles and nouns for data in its blacklist) that a
// "Return " in front turns into a verb phrase ("Data." -> "Return the data."). Nouns for the
// function's own role ("Factory.", "Helper.", "Wrapper.") are left: "Return the factory." is false.
constexpr std::array<std::string_view, 15> kNounStarts = {
    "the",        "a",     "an",          "data",    "result", "number",     "string",   "dict",
    "dictionary", "value", "description", "default", "schema", "collection", "reference"};

} // namespace

std::string imperative_of(std::string_view word) {
  auto it = conjugations().find(to_lower(word));
  return it == conjugations().end() ? std::string() : it->second;
}

std::string imperative_summary(std::string_view summary, const parser::Definition& def) {
  std::string s = collapse_spaces(summary);
  while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == ':')) s.pop_back();
  if (s.empty()) return s;
  bool function = def.kind == parser::DefKind::Function || def.kind == parser::DefKind::Method;
  if (function && !def.is_property) {
    std::string low = to_lower(s);
    for (auto p : kPreambles)
      if (low.starts_with(p) && low.size() > p.size()) {
        s = s.substr(p.size());
        break;
      }
    size_t end = s.find_first_of(" .,;:");
    std::string first = s.substr(0, end);
    std::string verb = imperative_of(first);
    std::string first_low = to_lower(first);
    if (!verb.empty()) {
      s = verb + s.substr(first.size());
    } else if (documents_returns(def) &&
               std::find(kNounStarts.begin(), kNounStarts.end(), first_low) != kNounStarts.end()) {
      // "The number of users." / "Number of users." -> "Return the number of users."
      bool article = first_low == "the" || first_low == "a" || first_low == "an";
      s = "Return " + std::string(article ? "" : "the ") + first_low + s.substr(first.size());
    }
  }
  s = sentence(s);
  if (s.back() == '!' || s.back() == '?') s.back() = '.';
  return s;
}

} // namespace axl::docstring
