// tree-sitter glue: owns the parser and trees. Definition extraction is in definitions.cpp.
#include "parser/python_parser.h"

#include <tree_sitter/api.h>

#include <stdexcept>
#include <utility>

extern "C" const TSLanguage* tree_sitter_python(void);

namespace axl::parser {

SyntaxTree::SyntaxTree(SyntaxTree&& o) noexcept
    : tree_(std::exchange(o.tree_, nullptr)), source_(std::move(o.source_)),
      indent_map_(std::move(o.indent_map_)) {}

SyntaxTree& SyntaxTree::operator=(SyntaxTree&& o) noexcept {
  if (this != &o) {
    if (tree_) ts_tree_delete(tree_);
    tree_ = std::exchange(o.tree_, nullptr);
    source_ = std::move(o.source_);
    indent_map_ = std::move(o.indent_map_);
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
  if (!tree_ || indent_map_) return; // offsets of the source, not of the copy: reparse in full
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

namespace {

// CPython ends a line at a lone '\r' as at '\n' or "\r\n"; tree-sitter-python's scanner only
// knows '\n' and reads a lone-CR file as one long line. It parses a copy where each lone '\r' is a
// '\n': the same length, so every byte offset of the tree is one of the real source.
std::string with_lone_cr_as_lf(std::string_view source) {
  std::string copy(source);
  for (size_t i = copy.find('\r'); i != std::string::npos; i = copy.find('\r', i + 1))
    if (i + 1 == copy.size() || copy[i + 1] != '\n') copy[i] = '\n';
  return copy;
}

bool has_lone_cr(std::string_view s) {
  for (size_t i = s.find('\r'); i != std::string_view::npos; i = s.find('\r', i + 1))
    if (i + 1 == s.size() || s[i + 1] != '\n') return true;
  return false;
}

} // namespace

SyntaxTree PythonParser::parse_with(const SyntaxTree* old, std::string source) {
  if (source.size() > UINT32_MAX / 2) throw std::runtime_error("source too large to parse");
  SyntaxTree t;
  t.source_ = std::move(source);
  // tree-sitter recovers from any syntax error; null only means cancellation or timeout.
  std::string lf_copy = has_lone_cr(t.source_) ? with_lone_cr_as_lf(t.source_) : std::string();
  const std::string* text = lf_copy.empty() ? &t.source_ : &lf_copy;
  std::string renumbered;
  t.indent_map_ = IndentMap::build(*text, renumbered);
  if (t.indent_map_) text = &renumbered;
  // An old tree helps only when both it and this parse read the source itself.
  const TSTree* old_tree = old && !old->indent_map_ && !t.indent_map_ ? old->tree_ : nullptr;
  t.tree_ =
      ts_parser_parse_string(parser_, old_tree, text->data(), static_cast<uint32_t>(text->size()));
  if (!t.tree_) throw std::runtime_error("tree-sitter could not parse the source");
  return t;
}

SyntaxTree PythonParser::parse(std::string source) {
  return parse_with(nullptr, std::move(source));
}

SyntaxTree PythonParser::reparse(const SyntaxTree& old, std::string source) {
  return parse_with(&old, std::move(source));
}

ParseResult parse_python(std::string_view source, std::string_view module_name) {
  thread_local PythonParser parser;
  SyntaxTree tree = parser.parse(std::string(source));
  return extract_definitions(tree, module_name);
}

} // namespace axl::parser
