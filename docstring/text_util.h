// Small text helpers shared by the heuristic, the renderer and the updater.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace axl::docstring {

// "get_userName2" -> {"get", "user", "name2"}; "HTTPServer" -> {"http", "server"}. Lower-case
// words, leading/trailing underscores dropped.
std::vector<std::string> split_identifier(std::string_view name);

// Joins words with spaces; known acronyms are upper-cased ("json" -> "JSON", "id" -> "ID").
std::string join_words(const std::vector<std::string>& words, size_t from = 0);

// First letter upper-cased, trailing whitespace dropped, a period added unless it ends with . ! ?
std::string sentence(std::string_view text);

// "a" or "an" for the phrase (by its first letter; acronyms by their spoken first letter).
std::string_view article(std::string_view phrase);

std::string_view trim(std::string_view s);
std::string collapse_spaces(std::string_view s); // runs of whitespace (newlines too) -> one space
bool iequals(std::string_view a, std::string_view b);
bool icontains(std::string_view haystack, std::string_view needle);

// Greedy word wrap: the first line starts with `first_prefix`, the next ones with `rest_prefix`;
// lines are at most `width` columns unless a single word is longer. Text is collapse_spaces()d.
std::vector<std::string> wrap(std::string_view text, int width, std::string_view first_prefix,
                              std::string_view rest_prefix);

// Columns taken by an indentation string (a tab counts as 4, like most editors show it).
int indent_columns(std::string_view indent);

} // namespace axl::docstring
