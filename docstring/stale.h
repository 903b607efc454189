// Existing docstrings that no longer match their definition: what is wrong (codes in the spirit of
// pydoclint) and the updated docstring that keeps every human-written line.
#pragma once

#include "docstring/doc_text.h"
#include "docstring/insert.h"
#include "docstring/options.h"
#include "parser/definition.h"
#include "parser/docstring_sections.h"

#include <optional>
#include <string>
#include <vector>

namespace axl::docstring {

// Stable codes:
//   DOC101 parameter missing from the docstring      DOC102 docstring documents a non-parameter
//   DOC103 parameter renamed (one missing + one extra at the same position, or the only pair)
//   DOC201 return value not documented               DOC202 documents a return that isn't there
//   DOC402 yields not documented                     DOC403 documents yields of a non-generator
//   DOC501 raised exception not documented           DOC502 documents raises, body raises none
// DOC502 is reported but never "fixed": exceptions may come from called functions.
// Parameters are checked for functions and methods; for a class or an __init__ only when the
// docstring has a parameter section. With **kwargs in the signature, extra documented names are
// taken as documented keyword arguments (no DOC102).
struct Mismatch {
  std::string code;
  std::string message;
  std::string name; // the parameter / exception concerned ("" for returns/yields)
  bool fixable = true;
};

// Empty when there is no docstring or its style is not recognised (google/numpy/sphinx/epytext).
std::vector<Mismatch> find_mismatches(const parser::Definition& def);

// The docstring updated in its own style, prefix and quote character: stale parameter entries
// removed, renamed ones renamed (their text kept), missing entries added with `text` (gaps from
// the heuristic), Returns/Yields sections added/removed, undocumented raises added. Every other
// line is kept as written. nullopt when nothing fixable is found. `indent_columns` as for
// rendering.
std::optional<DocstringLiteral> update_docstring(const parser::Definition& def, const DocText& text,
                                                 const RenderOptions& opts, int indent_columns = 0);

} // namespace axl::docstring
