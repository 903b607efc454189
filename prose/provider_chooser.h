// Model files named at run time (the LSP's modelPath setting): each loaded once and cached, the
// per-request provider made from the right one.
#pragma once

#include "prose/provider_source.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace axl::prose {

// The same, remembering every path asked for (a run-time setting may name another model).
// Thread-safe; a failed load is remembered too (retried when the file's size or mtime changes).
class SummaryProviderCache {
public:
  explicit SummaryProviderCache(ModelProviderOptions options = {}) : options_(options) {}
  SummaryProviderSource get(const std::string& path);

private:
  struct Entry {
    SummaryProviderSource source;
    int64_t stamp = 0;
  };
  ModelProviderOptions options_;
  std::mutex mu_;
  std::vector<std::pair<std::string, Entry>> entries_;
};

// Per-request providers for a server whose settings may name a model at run time (the LSP). An
// empty path means the start-up source; another path ("~/" expanded, compared after
// normalisation) is loaded once and kept (SummaryProviderCache). A path that cannot be used gives
// the heuristic, and its reason goes to `on_unusable` once per path. Thread-safe.
class SummaryProviderChooser {
public:
  SummaryProviderChooser(SummaryProviderSource start, const std::string& start_path,
                         std::function<void(const std::string& reason)> on_unusable = nullptr);
  std::unique_ptr<docstring::SummaryProvider> make(const std::string& model_path,
                                                   const ModelProviderOptions& options);

private:
  SummaryProviderSource start_;
  std::string start_path_;
  std::function<void(const std::string&)> on_unusable_;
  SummaryProviderCache cache_;
  std::mutex mu_;
  std::vector<std::string> reported_;
};

// "~/x" -> "$HOME/x", then absolute and normalised (a file that does not exist yet is fine).
std::string resolve_model_path(const std::string& path);

} // namespace axl::prose
