// What the LSP features need from the docstring library, behind one interface: which definitions
// lack or contradict their docstrings, and the byte edits that fix them. Keeps the server testable
// and lets the model-backed provider plug in without touching the protocol code.
#pragma once

#include "document_store.h"
#include "prose_cache.h"
#include "settings.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace axl::lsp {

struct ByteEdit {
  uint32_t start = 0, end = 0; // byte range of the snapshot's text to replace
  std::string text;
};

struct Finding {
  size_t def_index = 0; // into snapshot.parsed.definitions
  std::string code;     // "D103", "DOC101", ...
  std::string message;  // pydocstyle's / pydoclint's words
  bool stale = false;   // an existing docstring disagrees with the code (else: missing)
  bool fixable = true;  // "Update docstring" can fix it (DOC502 cannot: raises may be indirect)
};

class DocstringEngine {
public:
  virtual ~DocstringEngine() = default;
  // Cheap (parser facts only, never the model): runs on the I/O thread for code-action listing.
  virtual std::vector<Finding> check(const Snapshot& snap, const Settings& settings) const = 0;
  // Inserts a new docstring or (when one exists) rewrites it keeping the human's words.
  // May run the model: call from a worker; stops early when `stop` fires (returns nullopt).
  virtual std::optional<ByteEdit> generate(const Snapshot& snap, size_t def_index,
                                           const Settings& settings, std::stop_token stop) = 0;
  // True when text comes from the model, false for the heuristic fallback.
  virtual bool uses_model() const = 0;
  // Background work while the editor is idle: computes what generate() would need so that a later
  // request finds it cached. Not a request (not counted in cache_stats' hits and misses).
  virtual void prepare(const Snapshot& snap, size_t def_index, const Settings& settings,
                       std::stop_token stop) {
    generate(snap, def_index, settings, stop);
  }
  // How requests fared in the model's cache (all zero without one).
  virtual CacheStats cache_stats() const { return {}; }
};

} // namespace axl::lsp
