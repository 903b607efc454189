// The DocstringEngine backed by the docstring library (the same composer `annotate` uses), with
// the summary provider chosen at start-up (the heuristic until a model is loaded).
#pragma once

#include "docstring_engine.h"

#include "docstring/options.h"

#include <memory>

namespace axl::lsp {

std::unique_ptr<DocstringEngine> make_composer_engine();

// The editor's settings as the docstring library's options (an unknown style falls back to google).
docstring::RenderOptions render_options(const Settings& settings);

} // namespace axl::lsp
