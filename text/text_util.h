// The string helpers every library shares (parser, docstring, training, annotate): one version
// each, so that the corpus builder, the model provider and the renderer cut text the same way.
// Bytes, not locales: the character classes are ASCII, and bytes >= 0x80 (UTF-8) are none of them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace axl::text {

bool is_upper(char c);
bool is_lower(char c);
bool is_digit(char c);
bool is_alpha(char c);
bool is_alnum(char c);
bool is_space(char c); // ' ', \t, \n, \v, \f, \r
char to_lower(char c);
char to_upper(char c);
std::string to_lower(std::string_view s);

std::string_view trim(std::string_view s);
std::string collapse_spaces(std::string_view s); // runs of whitespace (newlines too) -> one space
bool iequals(std::string_view a, std::string_view b);
bool icontains(std::string_view haystack, std::string_view needle);

// Largest prefix of `s` of at most `n` bytes that does not end inside a UTF-8 character.
std::string_view utf8_prefix(std::string_view s, size_t n);
// Longest prefix of at most `n` bytes ending at a word boundary (before a space), or
// utf8_prefix for one long word.
std::string_view word_prefix(std::string_view s, size_t n);

// The lines of `text`, split at '\n' (which they lose; a '\r' before it stays): "" -> {""},
// "a\n" -> {"a", ""}.
std::vector<std::string_view> split_lines(std::string_view text);
// The same lines with their '\n' kept, so that they add up to `text`: "a\n" -> {"a\n", ""}.
std::vector<std::string_view> split_lines_keep_ends(std::string_view text);
// The inverse: lines[begin, end) joined with '\n'.
std::string join_lines(const std::vector<std::string>& lines, size_t begin = 0,
                       size_t end = std::string::npos);

// A parameter's name as a docstring writes it, without its stars or their reST escapes:
// "*args", "**kwargs", "\*args", "\*\*kwargs" -> "args" / "kwargs". Only leading ones go.
std::string strip_stars(std::string_view name);

// "get_userName2" -> {"get", "user", "name2"}; "HTTPServer" -> {"http", "server"}. Lower-case
// words; '_', '-', ' ' and '.' separate, as do camelCase humps and the last capital of an acronym
// run. Other bytes (UTF-8 included) stay in their word.
std::vector<std::string> split_identifier(std::string_view name);

// Runs of ASCII letters, lower-cased (digits, '_' and everything else separate); with split_case,
// every capital starts a new word too ("getUser" -> get, user; "HTTP" -> h, t, t, p).
std::vector<std::string> letter_words(std::string_view s, bool split_case);

} // namespace axl::text
