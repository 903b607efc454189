// Prose helpers of the heuristic, the renderer and the updater. The generic string helpers are
// text/text_util.h's, named here too so that docstring code calls them unqualified.
#pragma once

#include "text/text_util.h"

#include <string>
#include <string_view>
#include <vector>

namespace axl::docstring {

using text::collapse_spaces;
using text::icontains;
using text::iequals;
using text::split_identifier;
using text::strip_stars;
using text::trim;

// Joins words with spaces; known acronyms are upper-cased ("json" -> "JSON", "id" -> "ID").
std::string join_words(const std::vector<std::string>& words, size_t from = 0);

// First letter upper-cased, trailing whitespace dropped, a period added unless it ends with . ! ?
std::string sentence(std::string_view text);

// "a" or "an" for the phrase (by its first letter; acronyms by their spoken first letter).
std::string_view article(std::string_view phrase);

// Greedy word wrap: the first line starts with `first_prefix`, the next ones with `rest_prefix`;
// lines are at most `width` columns unless a single word is longer. Text is collapse_spaces()d.
std::vector<std::string> wrap(std::string_view text, int width, std::string_view first_prefix,
                              std::string_view rest_prefix);

// Columns taken by an indentation string (a tab counts as 4, like most editors show it).
int indent_columns(std::string_view indent);

} // namespace axl::docstring
