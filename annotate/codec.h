// Converting a file declared (PEP 263) in another encoding than UTF-8 — latin-1, cp1252, euc-jp,
// ... — to the UTF-8 text we edit and back, with the system's iconv(3).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace axl::annotate {

// The iconv name for a Python codec name as written in a coding cookie ("latin-1" ->
// "ISO-8859-1"); nullopt when iconv knows no such encoding.
std::optional<std::string> iconv_codec(std::string_view python_name);

// `in` converted between `from` and `to` (iconv names). On failure nullopt, with `bad_at` set to
// the offset in `in` of the first byte sequence that has no conversion.
std::optional<std::string> convert(std::string_view in, const std::string& from,
                                   const std::string& to, size_t& bad_at);

} // namespace axl::annotate
