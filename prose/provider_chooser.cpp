#include "prose/provider_chooser.h"

#include "model/model_location.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace axl::prose {

SummaryProviderSource SummaryProviderCache::get(const std::string& path) {
  const std::string p = model::locate_model(path).path;
  std::error_code ec;
  int64_t stamp = 0;
  const auto size = std::filesystem::file_size(p, ec);
  if (!ec) {
    const auto mtime = std::filesystem::last_write_time(p, ec);
    stamp = static_cast<int64_t>(size) * 1000003 +
            (ec ? 0 : static_cast<int64_t>(mtime.time_since_epoch().count()));
  }
  std::lock_guard lock(mu_);
  for (auto& [key, entry] : entries_)
    if (key == p) {
      if (entry.stamp != stamp) entry = {load_summary_provider(p, options_), stamp};
      return entry.source;
    }
  entries_.push_back({p, {load_summary_provider(p, options_), stamp}});
  return entries_.back().second.source;
}

std::string resolve_model_path(const std::string& path) {
  std::string p = path;
  if (p.starts_with("~/"))
    if (const char* home = std::getenv("HOME")) p = std::string(home) + p.substr(1);
  std::error_code ec;
  auto abs = std::filesystem::weakly_canonical(p, ec);
  return ec ? p : abs.string();
}

SummaryProviderChooser::SummaryProviderChooser(SummaryProviderSource start,
                                               const std::string& start_path,
                                               std::function<void(const std::string&)> on_unusable)
    : start_(std::move(start)), start_path_(resolve_model_path(start_path)),
      on_unusable_(std::move(on_unusable)) {}

std::unique_ptr<docstring::SummaryProvider>
SummaryProviderChooser::make(const std::string& model_path, const ModelProviderOptions& options) {
  if (model_path.empty()) return start_.make(options);
  const std::string path = resolve_model_path(model_path);
  if (path == start_path_) return start_.make(options);
  auto source = cache_.get(path);
  if (!source.uses_model() && on_unusable_) {
    std::lock_guard lock(mu_);
    if (std::find(reported_.begin(), reported_.end(), path) == reported_.end()) {
      reported_.push_back(path);
      on_unusable_(source.reason());
    }
  }
  return source.make(options);
}

} // namespace axl::prose
