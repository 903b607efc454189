#include "composer_engine.h"

#include "caching_engine.h"

#include "docstring/composer.h"
#include "docstring/heuristic_summary.h"
#include "docstring/missing.h"
#include "docstring/stale.h"

#include <stdexcept>

namespace axl::lsp {

docstring::RenderOptions render_options(const Settings& s) {
  return s.render;
}

namespace {

class ComposerEngine final : public DocstringEngine {
public:
  ComposerEngine(ProviderFactory factory, bool uses_model)
      : factory_(std::move(factory)), uses_model_(uses_model) {}

  std::vector<Finding> check(const Snapshot& snap, const Settings& settings) const override {
    std::vector<Finding> out;
    const auto& defs = snap.parsed.definitions;
    for (const auto& m :
         docstring::find_missing(snap.parsed, snap.text, settings.render.include_private))
      out.push_back({static_cast<size_t>(m.def - defs.data()), m.code, m.message, false, true});
    for (size_t i = 0; i < defs.size(); ++i) {
      if (!defs[i].docstring) continue;
      for (auto& mismatch : docstring::find_mismatches(defs[i]))
        out.push_back({i, mismatch.code, mismatch.message, true, mismatch.fixable});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Finding& a, const Finding& b) { return a.def_index < b.def_index; });
    return out;
  }

  std::optional<ByteEdit> generate(const Snapshot& snap, size_t index, const Settings& settings,
                                   std::stop_token stop) override {
    return compose(snap, index, settings, stop, false);
  }

  void prepare(const Snapshot& snap, size_t index, const Settings& settings,
               std::stop_token stop) override {
    if (factory_) compose(snap, index, settings, stop, true);
  }

  CacheStats cache_stats() const override { return prose_.stats(); }

  bool uses_model() const override { return uses_model_; }

private:
  std::optional<ByteEdit> compose(const Snapshot& snap, size_t index, const Settings& settings,
                                  std::stop_token stop, bool background) {
    const auto& def = snap.parsed.definitions.at(index);
    auto opts = render_options(settings);
    // One provider per call (providers need not be thread-safe), made only on a cache miss.
    docstring::HeuristicSummaryProvider heuristic;
    CachedProvider cached(
        prose_, settings,
        [&]() -> std::unique_ptr<docstring::SummaryProvider> {
          if (auto made = factory_(settings)) return made;
          return std::make_unique<docstring::HeuristicSummaryProvider>();
        },
        background);
    docstring::SummaryProvider& provider =
        factory_ ? static_cast<docstring::SummaryProvider&>(cached) : heuristic;
    try {
      std::optional<docstring::ComposedDocstring> doc;
      if (def.docstring)
        doc = docstring::compose_update(snap.text, def, provider, opts, stop);
      else
        doc = docstring::compose_docstring(snap.text, def, provider, opts, stop);
      if (!doc || stop.stop_requested()) return std::nullopt;
      return ByteEdit{doc->edit.start_byte, doc->edit.end_byte, doc->edit.new_text};
    } catch (const std::invalid_argument&) {
      return std::nullopt; // a body that cannot take a docstring is left alone
    }
  }

  ProviderFactory factory_;
  bool uses_model_;
  ProseCache prose_;
};

} // namespace

std::unique_ptr<DocstringEngine> make_composer_engine(ProviderFactory factory, bool uses_model) {
  return std::make_unique<CachingEngine>(
      std::make_unique<ComposerEngine>(std::move(factory), uses_model));
}

} // namespace axl::lsp
