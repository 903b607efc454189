// Docstring prose from names alone: deterministic, never empty, always a capitalised sentence.
// The floor every other provider must beat, and the fallback when a model's text is unusable.
#pragma once

#include "docstring/summary_provider.h"

#include <string>

namespace axl::docstring {

class HeuristicSummaryProvider final : public SummaryProvider {
public:
  DocText describe(const parser::Definition& def, std::string_view context_window,
                   std::stop_token stop = {}) override;
  std::string_view name() const override { return "heuristic"; }
};

// The pieces, for reuse (e.g. to fill gaps in a model's answer).
std::string heuristic_summary(const parser::Definition& def);
std::string heuristic_param(const parser::Parameter& param);
std::string heuristic_returns(const parser::Definition& def);
std::string heuristic_yields(const parser::Definition& def);
// "" when the name alone gives nothing better than filler ("The result.", "If a value is
// invalid."): the renderer then writes the type alone.
std::string heuristic_raises(std::string_view exception);
// The Returns text a "Return ..." summary implies ("Return the sum of `a`." -> "The sum of `a`.";
// "Return True if x." -> "True if x, False otherwise."); "" otherwise.
std::string returns_from_summary(std::string_view summary);
std::string heuristic_attribute(const parser::Attribute& attr);

// Fills every empty field of `text` that `def` needs from the heuristic (the composer's safety
// net).
void fill_gaps(DocText& text, const parser::Definition& def);

} // namespace axl::docstring
