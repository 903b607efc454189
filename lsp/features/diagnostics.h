// Findings -> LSP diagnostics (pydocstyle codes for missing docstrings, DOCxxx for stale ones).
#pragma once

#include "../docstring_engine.h"
#include "../protocol.h"

namespace axl::lsp {

// The range a definition's diagnostic covers: its name (the first line for the module).
Range definition_range(const Snapshot& snap, const parser::Definition& def, PositionEncoding enc);

// The `data` a diagnostic carries so code actions can find their definition again.
json finding_data(const Snapshot& snap, const Finding& finding);

// An empty array when diagnostics are off.
json compute_diagnostics(const Snapshot& snap, const Settings& settings,
                         const DocstringEngine& engine, PositionEncoding enc);

} // namespace axl::lsp
