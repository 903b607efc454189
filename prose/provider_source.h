// Where a subcommand's docstring prose comes from: a model loaded once (its confidence gate and
// word dictionary read from its file) and shared by every provider made from it, or the heuristic
// with the reason a model could not be used.
#pragma once

#include "prose/decoder_pool.h"
#include "prose/model_summary_provider.h"

#include <memory>
#include <string>

namespace axl::prose {

// Where prose comes from for one run of a subcommand: a loaded model shared by every provider
// it makes, or the heuristic (with the reason when a model was wanted but is unusable).
class SummaryProviderSource {
public:
  SummaryProviderSource() = default; // the heuristic, no reason
  SummaryProviderSource(std::shared_ptr<const model::Model> model, ModelProviderOptions options);

  // A new provider (not thread-safe: one per thread or per request). Its gate is always the
  // source's (the model file's), whatever `options` says, and so is its word dictionary.
  std::unique_ptr<docstring::SummaryProvider> make() const;
  std::unique_ptr<docstring::SummaryProvider> make(const ModelProviderOptions& options) const;

  bool uses_model() const { return model_ != nullptr; }
  const std::shared_ptr<const model::Model>& model() const { return model_; }
  // When a model was wanted but could not be used: one line saying why and what happens instead.
  const std::string& reason() const { return reason_; }
  const ModelProviderOptions& options() const { return options_; }

  static SummaryProviderSource heuristic(std::string reason = {});

private:
  std::shared_ptr<const model::Model> model_;
  std::shared_ptr<DecoderPool> pool_;
  ModelProviderOptions options_;
  std::string reason_;
};

// A source for a model already loaded from its file (e.g. `serve`'s, shared with completions):
// the file's confidence gate and word dictionary apply, as with load_summary_provider; a model
// trained on another prompt format gives the heuristic and the reason.
SummaryProviderSource summary_provider_for(std::shared_ptr<const model::Model> m,
                                           ModelProviderOptions options = {});

// Loads the model at `path` (empty: model::locate_model()) once, mmapped, for sharing.
// A missing or invalid file gives the heuristic source and a one-line reason.
SummaryProviderSource load_summary_provider(const std::string& path,
                                            ModelProviderOptions options = {});

} // namespace axl::prose
