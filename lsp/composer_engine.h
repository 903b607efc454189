// The DocstringEngine backed by the docstring library (the same composer `annotate` uses), with
// the summary provider chosen at start-up (the heuristic until a model is loaded).
#pragma once

#include "docstring_engine.h"

#include "docstring/options.h"
#include "docstring/summary_provider.h"

#include <functional>

#include <memory>

namespace axl::lsp {

// Makes the summary provider for one generation, for the document's settings (model path,
// max tokens, temperature). Providers need not be thread-safe; a model-backed one should share the
// mmapped weights and honour the stop token. Null (factory or result): the name heuristic.
using ProviderFactory =
    std::function<std::unique_ptr<docstring::SummaryProvider>(const Settings& settings)>;

// `uses_model` tells the server whether to announce the heuristic fallback (window/showMessage).
std::unique_ptr<DocstringEngine> make_composer_engine(ProviderFactory factory = nullptr,
                                                      bool uses_model = false);

// The editor's settings as the docstring library's options.
docstring::RenderOptions render_options(const Settings& settings);

} // namespace axl::lsp
