#include "caching_engine.h"

#include "docstring/options_table.h"

#include <functional>

namespace axl::lsp {
namespace {

std::string cache_key(const Snapshot& snap, size_t index, const Settings& s) {
  // The text hash separates snapshots that share a version (completion's stand-in text).
  return snap.uri + '\n' + std::to_string(snap.version) + '\n' +
         std::to_string(std::hash<std::string>{}(snap.text)) + '\n' + std::to_string(index) + '\n' +
         docstring::options_key(s.render) + s.model_path + std::to_string(s.max_tokens) + ' ' +
         std::to_string(s.temperature);
}

} // namespace

std::optional<ByteEdit> CachingEngine::generate(const Snapshot& snap, size_t index,
                                                const Settings& settings, std::stop_token stop) {
  std::string key = cache_key(snap, index, settings);
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) {
      ++hits_;
      return it->second;
    }
  }
  auto result = inner_->generate(snap, index, settings, stop);
  if (stop.stop_requested()) return result; // possibly partial: never cached
  std::lock_guard lock(mutex_);
  if (cache_.emplace(key, result).second) {
    order_.push_back(key);
    if (order_.size() > capacity_) {
      cache_.erase(order_.front());
      order_.pop_front();
    }
  }
  return result;
}

size_t CachingEngine::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

} // namespace axl::lsp
