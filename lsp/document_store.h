// Open documents: text kept in sync with incremental didChange and an incrementally re-parsed
// tree-sitter tree. Lives on the server's I/O thread; workers only see immutable snapshots.
#pragma once

#include "protocol.h"

#include "parser/definition.h"
#include "parser/python_parser.h"
#include "parser/text_position.h"

#include <map>
#include <memory>
#include <string>

namespace axl::lsp {

parser::ColumnUnit column_unit(PositionEncoding e);

// One version of a document with its definitions, shared read-only with worker threads.
struct Snapshot {
  Snapshot(std::string uri, int64_t version, std::string text, parser::ParseResult parsed);
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  std::string uri;
  int64_t version;
  std::string text;
  parser::ParseResult parsed;
  parser::LineIndex index; // views `text`

  uint32_t to_byte(Position p, PositionEncoding e) const;
  Position to_position(uint32_t byte, PositionEncoding e) const;
  Range to_range(uint32_t start_byte, uint32_t end_byte, PositionEncoding e) const;
};

class Document {
public:
  Document(std::string uri, int64_t version, std::string text, parser::PythonParser& parser);

  // Applies the changes in order (each range is in the text left by the previous change; ranges
  // past the end are clamped) and re-parses once, reusing the old tree.
  void apply(const std::vector<ContentChange>& changes, int64_t version, PositionEncoding encoding,
             parser::PythonParser& parser);

  const std::string& uri() const { return uri_; }
  int64_t version() const { return version_; }
  const std::string& text() const { return tree_.source(); }
  const parser::SyntaxTree& tree() const { return tree_; }
  // Extracts definitions on first use per version.
  std::shared_ptr<const Snapshot> snapshot();

private:
  std::string uri_;
  int64_t version_;
  parser::SyntaxTree tree_;
  std::shared_ptr<const Snapshot> snapshot_;
};

// The module name for a file URI: the file's stem ("file:///a/b/util.py" -> "util").
std::string module_name_from_uri(const std::string& uri);

class DocumentStore {
public:
  Document& open(const TextDocumentItem& item);
  Document* find(const std::string& uri);
  bool close(const std::string& uri);
  parser::PythonParser& parser() { return parser_; }
  size_t size() const { return docs_.size(); }

private:
  parser::PythonParser parser_;
  std::map<std::string, Document> docs_;
};

} // namespace axl::lsp
