// A Python file's bytes <-> the UTF-8 text we edit, keeping everything we must give back unchanged:
// BOM, line endings (edits use the file's own), encoding declaration, permissions.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace axl::annotate {

struct SourceText {
  std::string text;           // UTF-8, BOM removed
  bool bom = false;           // file started with EF BB BF
  std::string newline = "\n"; // "\r\n" when the first line ends that way
  bool ascii_only = false;    // a PEP 263 cookie declares a non-UTF-8 encoding: keep the file ASCII
  std::string declared_encoding; // as written in the cookie ("" when none)
};

// Decodes file bytes; on failure returns nullopt and sets `why` (not UTF-8, UTF-16 BOM, NUL bytes,
// over `size_cap`).
std::optional<SourceText> decode_source(std::string bytes, size_t size_cap, std::string& why);

// BOM + text.
std::string encode_source(const SourceText& src);

// Reads a whole file. Throws std::runtime_error("<path>: <reason>") on any I/O error.
std::string read_file(const std::filesystem::path& path);

// Replaces `path` atomically: a temp file in the same directory, the original's permissions, fsync,
// rename over the original (through symlinks: the link stays, its target is replaced).
// Throws std::runtime_error on failure; the original is untouched then.
void write_file_atomically(const std::filesystem::path& path, const std::string& bytes);

} // namespace axl::annotate
