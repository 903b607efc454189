// Python source -> syntax tree (tree-sitter-python) -> definitions (definition.h).
#pragma once

#include "definition.h"
#include "indent_map.h"

#include <memory>
#include <string>
#include <string_view>

struct TSTree;
struct TSParser;

namespace axl::parser {

// A parsed source: owns the tree-sitter tree and a copy of the text it was parsed from.
class SyntaxTree {
public:
  SyntaxTree() = default;
  SyntaxTree(SyntaxTree&&) noexcept;
  SyntaxTree& operator=(SyntaxTree&&) noexcept;
  SyntaxTree(const SyntaxTree&) = delete;
  SyntaxTree& operator=(const SyntaxTree&) = delete;
  ~SyntaxTree();

  const std::string& source() const { return source_; }
  TSTree* raw() const { return tree_; }
  bool has_errors() const;
  // Set when the tree was parsed from a copy with renumbered indentation (indent_map.h): its
  // offsets and points are the copy's until mapped.
  const IndentMap* indent_map() const { return indent_map_ ? &*indent_map_ : nullptr; }

  // Records an edit of the text (before re-parsing incrementally with PythonParser::reparse).
  // Byte offsets and points are those of the old text (start, old end) and the new text (new end).
  void edit(uint32_t start_byte, uint32_t old_end_byte, uint32_t new_end_byte, Point start,
            Point old_end, Point new_end);

private:
  friend class PythonParser;
  TSTree* tree_ = nullptr;
  std::string source_;
  std::optional<IndentMap> indent_map_;
};

class PythonParser {
public:
  PythonParser();
  ~PythonParser();
  PythonParser(const PythonParser&) = delete;
  PythonParser& operator=(const PythonParser&) = delete;

  SyntaxTree parse(std::string source);
  // Incremental: `old` must have been edit()ed to match `source`.
  SyntaxTree reparse(const SyntaxTree& old, std::string source);

private:
  SyntaxTree parse_with(const SyntaxTree* old, std::string source);
  TSParser* parser_;
};

// Every definition in document order (the module first). `module_name` names the module entry.
ParseResult extract_definitions(const SyntaxTree& tree, std::string_view module_name = "");

// Convenience: parse + extract.
ParseResult parse_python(std::string_view source, std::string_view module_name = "");

} // namespace axl::parser
