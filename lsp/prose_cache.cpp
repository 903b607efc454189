#include "prose_cache.h"

#include "docstring/facts.h"

#include <sstream>

namespace axl::lsp {

std::string prose_key(const parser::Definition& def, std::string_view window, const Settings& s) {
  // Which fields the model is asked comes from the parser's facts (the parameters of the
  // signature, or of __init__ for a class; whether Returns is documented), not only the window.
  std::ostringstream key;
  key << window << '\n'
      << static_cast<int>(def.kind) << ' ' << def.is_dataclass << ' '
      << docstring::documents_returns(def) << '\n';
  for (const auto* params : {&def.params, &def.init_params})
    for (const auto& p : *params) key << p.name << ' ';
  key << '\n' << s.model_path << '\n' << s.max_tokens << ' ' << s.temperature;
  return key.str();
}

std::optional<docstring::DocText> ProseCache::find(const std::string& key, bool request) {
  std::lock_guard lock(mutex_);
  auto it = map_.find(key);
  if (request) ++(it == map_.end() ? stats_.misses : stats_.hits);
  if (it == map_.end()) return std::nullopt;
  return it->second;
}

void ProseCache::store(const std::string& key, docstring::DocText text, bool prepared) {
  std::lock_guard lock(mutex_);
  if (auto it = map_.find(key); it != map_.end()) {
    it->second = std::move(text); // the same input: the same answer (or a newer model's)
    return;
  }
  order_.push_back(key);
  map_.emplace(key, std::move(text));
  if (prepared) ++stats_.prepared;
  if (order_.size() > capacity_) {
    map_.erase(order_.front());
    order_.pop_front();
  }
}

CacheStats ProseCache::stats() const {
  std::lock_guard lock(mutex_);
  CacheStats s = stats_;
  s.entries = map_.size();
  return s;
}

docstring::DocText CachedProvider::describe(const parser::Definition& def,
                                            std::string_view context_window, std::stop_token stop) {
  const std::string key = prose_key(def, context_window, settings_);
  if (auto hit = cache_.find(key, !background_)) return *hit;
  auto provider = make_();
  if (!provider) return {};
  docstring::DocText text = provider->describe(def, context_window, stop);
  if (!stop.stop_requested()) cache_.store(key, text, background_);
  return text;
}

} // namespace axl::lsp
