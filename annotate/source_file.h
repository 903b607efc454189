// A Python file's bytes <-> the UTF-8 text we edit, keeping everything we must give back unchanged:
// BOM, line endings (edits use the file's own), encoding declaration. File I/O: file_io.h.
#pragma once

#include <optional>
#include <string>

namespace axl::annotate {

struct SourceText {
  std::string text;              // UTF-8, BOM removed
  bool bom = false;              // file started with EF BB BF
  std::string newline = "\n";    // "\r\n" when the first line ends that way
  std::string declared_encoding; // as written in the PEP 263 cookie ("" when none)
  std::string codec; // iconv name of the declared encoding when it is not UTF-8 ("" for UTF-8)
};

// Decodes file bytes: UTF-8, or the encoding a PEP 263 cookie declares (latin-1, cp1252, ... as
// iconv knows them), which must give back the same bytes when encoded again. On failure returns
// nullopt and sets `why` (invalid bytes, unknown or not ASCII-compatible encoding, UTF-16 BOM, NUL
// bytes, over `size_cap`).
std::optional<SourceText> decode_source(std::string bytes, size_t size_cap, std::string& why);

// BOM + text, in the file's own encoding. nullopt (and `why`) when the text has characters that
// encoding cannot hold.
std::optional<std::string> encode_source(const SourceText& src, std::string& why);

} // namespace axl::annotate
