// The model's prose for a definition, remembered by what the model sees: the definition's prompt
// (its context window), which fields are asked of it, and the settings that change the answers.
// Not by document or version: an edit elsewhere in the file leaves the definition's prompt alone,
// so its prose is still there; the composer re-renders it (cheap) at the current offsets. The
// server fills it in the background while the editor is idle (Server::start_background).
#pragma once

#include "settings.h"

#include "docstring/doc_text.h"
#include "docstring/summary_provider.h"

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace axl::lsp {

// What a request for a definition's prose found (background work is counted apart).
struct CacheStats {
  uint64_t hits = 0;     // requests answered from the cache: no model run
  uint64_t misses = 0;   // requests that ran the model
  uint64_t prepared = 0; // entries the background work computed
  size_t entries = 0;
};

// The model's whole input for `def`: `window` (parser::context_window), the kind, the parameter
// names and whether Returns is asked, and the settings that reach the model (modelPath,
// maxTokens, temperature). Rendering settings (style, wrap, ...) are not in it: the prose is
// re-rendered for each request.
std::string prose_key(const parser::Definition& def, std::string_view window,
                      const Settings& settings);

// A bounded map (least recently stored dropped first). Thread-safe.
class ProseCache {
public:
  explicit ProseCache(size_t capacity = 4096) : capacity_(capacity) {}
  // `request`: counts a hit or a miss (background lookups are not requests).
  std::optional<docstring::DocText> find(const std::string& key, bool request);
  void store(const std::string& key, docstring::DocText text, bool prepared);
  CacheStats stats() const;

private:
  size_t capacity_;
  mutable std::mutex mutex_;
  std::list<std::string> order_; // least recently stored first
  std::unordered_map<std::string, docstring::DocText> map_;
  CacheStats stats_;
};

// A provider in front of the real one: answers from `cache`, else makes the real provider (only
// then: a hit never touches the model) and stores its answer unless `stop` cut it short.
class CachedProvider final : public docstring::SummaryProvider {
public:
  using Make = std::function<std::unique_ptr<docstring::SummaryProvider>()>;
  CachedProvider(ProseCache& cache, const Settings& settings, Make make, bool background)
      : cache_(cache), settings_(settings), make_(std::move(make)), background_(background) {}

  docstring::DocText describe(const parser::Definition& def, std::string_view context_window,
                              std::stop_token stop = {}) override;
  std::string_view name() const override { return "cached"; }

private:
  ProseCache& cache_;
  const Settings& settings_;
  Make make_;
  bool background_;
};

} // namespace axl::lsp
