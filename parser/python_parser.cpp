// tree-sitter glue: owns the parser and trees. Definition extraction is in definitions.cpp.
#include "parser/python_parser.h"

#include <tree_sitter/api.h>

#include <stdexcept>
#include <utility>

extern "C" const TSLanguage* tree_sitter_python(void);

namespace axl::parser {

SyntaxTree::SyntaxTree(SyntaxTree&& o) noexcept
    : tree_(std::exchange(o.tree_, nullptr)), source_(std::move(o.source_)) {}

SyntaxTree& SyntaxTree::operator=(SyntaxTree&& o) noexcept {
  if (this != &o) {
    if (tree_) ts_tree_delete(tree_);
    tree_ = std::exchange(o.tree_, nullptr);
    source_ = std::move(o.source_);
  }
  return *this;
}

SyntaxTree::~SyntaxTree() {
  if (tree_) ts_tree_delete(tree_);
}

bool SyntaxTree::has_errors() const {
  return tree_ && ts_node_has_error(ts_tree_root_node(tree_));
}

void SyntaxTree::edit(uint32_t start_byte, uint32_t old_end_byte, uint32_t new_end_byte,
                      Point start, Point old_end, Point new_end) {
  if (!tree_) return;
  TSInputEdit e{start_byte,
                old_end_byte,
                new_end_byte,
                {start.line, start.column},
                {old_end.line, old_end.column},
                {new_end.line, new_end.column}};
  ts_tree_edit(tree_, &e);
}

PythonParser::PythonParser() : parser_(ts_parser_new()) {
  if (!parser_ || !ts_parser_set_language(parser_, tree_sitter_python()))
    throw std::runtime_error("tree-sitter rejected the Python grammar (ABI mismatch)");
}

PythonParser::~PythonParser() {
  ts_parser_delete(parser_);
}

SyntaxTree PythonParser::parse_with(const TSTree* old, std::string source) {
  if (source.size() > UINT32_MAX / 2) throw std::runtime_error("source too large to parse");
  SyntaxTree t;
  t.source_ = std::move(source);
  // tree-sitter recovers from any syntax error; null only means cancellation or timeout.
  t.tree_ = ts_parser_parse_string(parser_, old, t.source_.data(),
                                   static_cast<uint32_t>(t.source_.size()));
  if (!t.tree_) throw std::runtime_error("tree-sitter could not parse the source");
  return t;
}

SyntaxTree PythonParser::parse(std::string source) {
  return parse_with(nullptr, std::move(source));
}

SyntaxTree PythonParser::reparse(const SyntaxTree& old, std::string source) {
  return parse_with(old.tree_, std::move(source));
}

ParseResult parse_python(std::string_view source, std::string_view module_name) {
  thread_local PythonParser parser;
  SyntaxTree tree = parser.parse(std::string(source));
  return extract_definitions(tree, module_name);
}

} // namespace axl::parser
