#include "annotate/source_file.h"

#include "annotate/codec.h"

#include <utf8.h>

#include <algorithm>
#include <regex>

namespace axl::annotate {
namespace {

// PEP 263: a coding cookie in a comment on line 1 or 2.
std::string coding_cookie(std::string_view text) {
  static const std::regex cookie(R"(^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+))");
  size_t line_end = 0;
  for (int line = 0; line < 2 && line_end != std::string_view::npos; ++line) {
    size_t start = line == 0 ? 0 : line_end + 1;
    if (start > text.size()) break;
    line_end = text.find('\n', start);
    std::string l(text.substr(start, line_end == std::string_view::npos ? std::string_view::npos
                                                                        : line_end - start));
    std::smatch m;
    if (std::regex_search(l, m, cookie)) return m[1].str();
  }
  return {};
}

bool is_utf8_name(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : name)
    if (c == '_') c = '-';
  return name == "utf-8" || name == "utf8" || name.starts_with("utf-8-") || name == "ascii" ||
         name == "us-ascii";
}

// The text of a file declared in `src.declared_encoding` (not UTF-8); nullopt and `why` unless it
// converts to UTF-8 and back to exactly the same bytes, cookie included.
std::optional<std::string> decode_declared(const std::string& bytes, SourceText& src,
                                           std::string& why) {
  const std::string& name = src.declared_encoding;
  auto codec = iconv_codec(name);
  if (!codec) {
    why = "declares encoding '" + name + "', which iconv does not know";
    return std::nullopt;
  }
  size_t bad_at = 0;
  auto text = convert(bytes, *codec, "UTF-8", bad_at);
  if (!text) {
    why = "not valid " + name + " (byte offset " + std::to_string(bad_at) + ")";
    return std::nullopt;
  }
  auto back = convert(*text, "UTF-8", *codec, bad_at);
  if (coding_cookie(*text) != name || !back || *back != bytes) {
    why = "declares encoding '" + name + "', which does not convert to UTF-8 and back unchanged";
    return std::nullopt;
  }
  src.codec = *codec;
  return text;
}

} // namespace

std::optional<SourceText> decode_source(std::string bytes, size_t size_cap, std::string& why) {
  if (bytes.size() > size_cap) {
    why = "larger than the size cap (" + std::to_string(size_cap) + " bytes)";
    return std::nullopt;
  }
  SourceText src;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    src.bom = true;
    bytes.erase(0, 3);
  } else if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    why = "UTF-16/UTF-32 encoded (only UTF-8 is supported)";
    return std::nullopt;
  }
  if (bytes.find('\0') != std::string::npos) {
    why = "contains NUL bytes";
    return std::nullopt;
  }
  src.declared_encoding = coding_cookie(bytes); // the cookie is ASCII in any encoding Python reads
  if (!src.declared_encoding.empty() && !is_utf8_name(src.declared_encoding)) {
    if (src.bom) { // Python refuses this too
      why = "has a UTF-8 BOM but declares encoding '" + src.declared_encoding + "'";
      return std::nullopt;
    }
    auto text = decode_declared(bytes, src, why);
    if (!text) return std::nullopt;
    bytes = std::move(*text);
  } else if (auto bad = utf8::find_invalid(bytes.begin(), bytes.end()); bad != bytes.end()) {
    why = "not valid UTF-8 (byte offset " + std::to_string(bad - bytes.begin()) + ")";
    return std::nullopt;
  }
  size_t nl = bytes.find('\n');
  if (nl != std::string::npos && nl > 0 && bytes[nl - 1] == '\r') src.newline = "\r\n";
  src.text = std::move(bytes);
  return src;
}

std::optional<std::string> encode_source(const SourceText& src, std::string& why) {
  if (src.codec.empty()) return src.bom ? "\xEF\xBB\xBF" + src.text : src.text;
  size_t bad_at = 0;
  auto bytes = convert(src.text, "UTF-8", src.codec, bad_at);
  if (!bytes) {
    size_t line =
        1 + static_cast<size_t>(std::count(src.text.begin(), src.text.begin() + bad_at, '\n'));
    why = "declares encoding '" + src.declared_encoding +
          "', which cannot hold the new text (line " + std::to_string(line) + ")";
  }
  return bytes;
}

} // namespace axl::annotate
