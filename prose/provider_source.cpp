#include "prose/provider_source.h"

#include "docstring/heuristic_summary.h"
#include "model/model_location.h"

namespace axl::prose {

SummaryProviderSource::SummaryProviderSource(std::shared_ptr<const model::Model> model,
                                             ModelProviderOptions options)
    : model_(std::move(model)), options_(options) {
  if (model_) pool_ = std::make_shared<DecoderPool>(model_);
}

SummaryProviderSource SummaryProviderSource::heuristic(std::string reason) {
  SummaryProviderSource s;
  s.reason_ = std::move(reason);
  return s;
}

std::unique_ptr<docstring::SummaryProvider> SummaryProviderSource::make() const {
  return make(options_);
}

std::unique_ptr<docstring::SummaryProvider>
SummaryProviderSource::make(const ModelProviderOptions& options) const {
  if (!model_) return std::make_unique<docstring::HeuristicSummaryProvider>();
  ModelProviderOptions o = options;
  o.gate = options_.gate; // the gate belongs to the model, whatever the request's settings
  o.dictionary = options_.dictionary;
  return std::make_unique<ModelSummaryProvider>(
      model_, [pool = pool_] { return pool->take(); }, o);
}

// The end of every reason a model is not used.
constexpr char kHeuristicFallback[] = "; docstring prose comes from the name heuristic";

SummaryProviderSource load_summary_provider(const std::string& path, ModelProviderOptions options) {
  const auto where = model::locate_model(path);
  const std::string& p = where.path;
  if (!where.found)
    return SummaryProviderSource::heuristic(model::missing_model_message(where) +
                                            kHeuristicFallback);
  try {
    return summary_provider_for(std::make_shared<const model::Model>(model::load_model(p)),
                                options);
  } catch (const std::exception& e) {
    return SummaryProviderSource::heuristic("cannot use model " + p + ": " + e.what() +
                                            kHeuristicFallback);
  }
}

SummaryProviderSource summary_provider_for(std::shared_ptr<const model::Model> m,
                                           ModelProviderOptions options) {
  try {
    if (!m->file) throw std::invalid_argument("the model was not loaded from a file");
    check_prompt_format(*m->file);
    options.gate = gate_from_gguf(*m->file);
    options.dictionary =
        std::make_shared<const WordDictionary>(WordDictionary::from_gguf(*m->file));
    return SummaryProviderSource(std::move(m), options);
  } catch (const std::exception& e) {
    return SummaryProviderSource::heuristic("cannot use model " + m->path + ": " + e.what() +
                                            kHeuristicFallback);
  }
}

} // namespace axl::prose
