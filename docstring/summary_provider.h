// Where docstring prose comes from: the name heuristic (heuristic_summary.h) or the model
// (prose::ModelSummaryProvider, prose/model_summary_provider.h), with no change to the parser or
// the renderer either way.
#pragma once

#include "docstring/doc_text.h"
#include "parser/definition.h"

#include <span>
#include <stop_token>
#include <string_view>
#include <vector>

namespace axl::docstring {

class SummaryProvider {
public:
  virtual ~SummaryProvider() = default;

  // Prose for `def`. `context_window` is the model's view of the definition
  // (parser::context_window: signature first, docstring removed, <= 256 bytes). A provider should
  // return early (with whatever it has, possibly empty) once `stop` is requested; the composer
  // fills empty fields from the heuristic. Must not throw for any definition.
  virtual DocText describe(const parser::Definition& def, std::string_view context_window,
                           std::stop_token stop = {}) = 0;

  // Prose for several definitions at once: result i is what describe() gives for request i. A
  // provider that can share work between them (the model decodes all their fields in one batch)
  // overrides it; this one asks them in turn.
  struct Request {
    const parser::Definition* def;
    std::string_view context_window;
  };
  virtual std::vector<DocText> describe_all(std::span<const Request> requests,
                                            std::stop_token stop = {}) {
    std::vector<DocText> out;
    for (const auto& r : requests) out.push_back(describe(*r.def, r.context_window, stop));
    return out;
  }

  // Short name for logs and `info` ("heuristic", "axl-model", ...).
  virtual std::string_view name() const = 0;
};

} // namespace axl::docstring
