// Docstring styles and their names on the command line / in pyproject.toml.
#pragma once

#include "parser/definition.h"

#include <optional>
#include <string_view>

namespace axl::docstring {

enum class Style { Google, Numpy, Sphinx, Epytext, Pep257 };

// "google", "numpy", "sphinx", "epytext", "pep257" (case-insensitive; "rest"/"restructuredtext"
// are accepted for sphinx). nullopt for anything else.
std::optional<Style> parse_style(std::string_view name);
std::string_view style_name(Style style);

// The style a parsed docstring was written in (nullopt when not recognised).
std::optional<Style> from_doc_style(parser::DocStyle style);
parser::DocStyle to_doc_style(Style style);

} // namespace axl::docstring
