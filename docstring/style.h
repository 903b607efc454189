// Docstring styles; their names and aliases are in the option table (options_table.h).
#pragma once

#include "parser/definition.h"

#include <optional>
#include <string_view>

namespace axl::docstring {

enum class Style { Google, Numpy, Sphinx, Epytext, Pep257 };

// A style's name or alias in any case, as the option table accepts it ("NumPy", "rest"); nullopt
// for anything else. The enum's order is the table's order of choices.
std::optional<Style> parse_style(std::string_view name);
std::string_view style_name(Style style);

// The style a parsed docstring was written in (nullopt when not recognised).
std::optional<Style> from_doc_style(parser::DocStyle style);
parser::DocStyle to_doc_style(Style style);

} // namespace axl::docstring
