// Remembers generated edits per (document, version, text, definition, settings): a repeated
// resolve or command on one version is not even re-rendered. The model's prose is cached apart, by
// what the model sees (prose_cache.h), so it survives edits elsewhere in the file.
#pragma once

#include "docstring_engine.h"

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace axl::lsp {

class CachingEngine final : public DocstringEngine {
public:
  explicit CachingEngine(std::unique_ptr<DocstringEngine> inner, size_t capacity = 512)
      : inner_(std::move(inner)), capacity_(capacity) {}

  std::vector<Finding> check(const Snapshot& snap, const Settings& settings) const override {
    return inner_->check(snap, settings);
  }
  std::optional<ByteEdit> generate(const Snapshot& snap, size_t def_index, const Settings& settings,
                                   std::stop_token stop) override;
  bool uses_model() const override { return inner_->uses_model(); }
  // Not cached here: this cache is per version, the inner engine's prose cache is not.
  void prepare(const Snapshot& snap, size_t def_index, const Settings& settings,
               std::stop_token stop) override {
    inner_->prepare(snap, def_index, settings, stop);
  }
  CacheStats cache_stats() const override { return inner_->cache_stats(); }

  size_t hits() const;

private:
  std::unique_ptr<DocstringEngine> inner_;
  size_t capacity_;
  mutable std::mutex mutex_;
  std::list<std::string> order_; // least recently inserted first
  std::unordered_map<std::string, std::optional<ByteEdit>> cache_;
  size_t hits_ = 0;
};

} // namespace axl::lsp
