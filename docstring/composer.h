// The entry point used by `annotate`, the LSP and the HTTP API: parser facts + provider prose ->
// rendered docstrings -> source edits.
#pragma once

#include "docstring/insert.h"
#include "docstring/missing.h"
#include "docstring/options.h"
#include "docstring/stale.h"
#include "docstring/summary_provider.h"
#include "parser/definition.h"

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace axl::docstring {

struct ComposedDocstring {
  std::string qualified_name;
  parser::DefKind kind = parser::DefKind::Function;
  // Index in ParseResult::definitions (set by compose_file): names are not unique (@overload stubs
  // and their implementation, redefinitions).
  size_t def_index = 0;
  std::string text;         // the docstring's lines joined by '\n' (as in the literal, unindented)
  DocstringLiteral literal; // what goes between (and around) the quotes
  TextEdit edit;            // places it in the source
  bool replaces_existing = false;
  std::string code;                 // D1xx for a missing docstring ("" for updates)
  std::vector<Mismatch> mismatches; // for updates: what was stale
};

// A fresh docstring for `def` (an existing one is replaced). The provider's empty fields are filled
// from the heuristic; a provider that throws is replaced by the heuristic for this definition.
ComposedDocstring compose_docstring(std::string_view source, const parser::Definition& def,
                                    SummaryProvider& provider, const RenderOptions& opts,
                                    std::stop_token stop = {});

// The updated docstring when the existing one is stale (stale.h), else nullopt.
std::optional<ComposedDocstring>
compose_update(std::string_view source, const parser::Definition& def, SummaryProvider& provider,
               const RenderOptions& opts, std::stop_token stop = {});

enum class FileMode {
  Missing,         // add docstrings where find_missing() reports one
  MissingAndStale, // also update stale docstrings (annotate --update)
};

struct FileResult {
  std::vector<ComposedDocstring> docstrings; // document order, the ones whose edits were kept
  std::vector<TextEdit> edits;               // sorted, non-overlapping
  std::string new_source;                    // source with the edits applied
  bool cancelled = false;                    // stop was requested; edits cover what was done
};

// Which of a definition's findings (a D1xx code, or a stale docstring's DOCxxx) may be fixed;
// empty: all of them.
using FindingFilter = std::function<bool(const parser::Definition&, std::string_view code)>;

// Every definition of a file at once. Edits never overlap (a later one that would is dropped).
FileResult compose_file(std::string_view source, const parser::ParseResult& parsed,
                        SummaryProvider& provider, const RenderOptions& opts,
                        FileMode mode = FileMode::Missing, std::stop_token stop = {});
// The same, limited by `wanted`: a missing docstring is added only when its code is wanted, and a
// stale one is rewritten only when one of its fixable mismatches is.
FileResult compose_file(std::string_view source, const parser::ParseResult& parsed,
                        SummaryProvider& provider, const RenderOptions& opts, FileMode mode,
                        std::stop_token stop, const FindingFilter& wanted);

} // namespace axl::docstring
