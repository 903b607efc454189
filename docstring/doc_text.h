// The prose of a docstring (what a model or the heuristic writes); the facts come from the parser.
#pragma once

#include <functional>
#include <map>
#include <string>

namespace axl::docstring {

// Every field is optional: an empty string means "no text", and the composer fills the gaps from
// the heuristic provider. Each text is a plain sentence (no markup, no quotes escaping needed).
struct DocText {
  std::string summary;     // one sentence, ends with a period
  std::string description; // optional extended description (paragraph after the summary)
  // Keyed by parameter name without '*' ("args", "kwargs").
  std::map<std::string, std::string, std::less<>> params;
  std::string returns;
  std::string yields;
  std::map<std::string, std::string, std::less<>> raises;     // keyed by exception as written
  std::map<std::string, std::string, std::less<>> attributes; // class attributes
};

} // namespace axl::docstring
