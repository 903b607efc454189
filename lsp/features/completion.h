// Completion on `"""`: the opening triple quote typed as a definition's first statement is
// completed with the whole generated docstring (autoDocstring's gesture).
#pragma once

#include "../docstring_engine.h"

#include <optional>
#include <stop_token>
#include <string>

namespace axl::lsp {

// Where the typed quote is: [start, line_end) is replaced by the docstring.
struct QuoteTrigger {
  uint32_t start = 0;    // the quote's first byte (a string prefix such as r included)
  uint32_t line_end = 0; // end of the line, before "\r\n"/"\n"
  std::string quote;     // "\"\"\"" or "'''"
};

// Only whitespace, then an optional r/u prefix and a triple quote right before `cursor`; after
// it, nothing but whitespace or the closing quotes an editor auto-inserted.
std::optional<QuoteTrigger> find_quote_trigger(const std::string& text, uint32_t cursor);

// The docstring literal to insert at the trigger, or nullopt when the quote does not open the
// body of a definition that lacks a docstring (or the module, before its first statement).
std::optional<std::string> docstring_for_trigger(const Snapshot& snap, const QuoteTrigger& trigger,
                                                 const Settings& settings, DocstringEngine& engine,
                                                 std::stop_token stop);

} // namespace axl::lsp
