#include "document_store.h"

#include <algorithm>

namespace axl::lsp {

parser::ColumnUnit column_unit(PositionEncoding e) {
  switch (e) {
  case PositionEncoding::Utf8:
    return parser::ColumnUnit::Utf8;
  case PositionEncoding::Utf32:
    return parser::ColumnUnit::Utf32;
  default:
    return parser::ColumnUnit::Utf16;
  }
}

Snapshot::Snapshot(std::string u, int64_t v, std::string t, parser::ParseResult p)
    : uri(std::move(u)), version(v), text(std::move(t)), parsed(std::move(p)), index(text) {}

uint32_t Snapshot::to_byte(Position p, PositionEncoding e) const {
  return index.to_byte({p.line, p.character}, column_unit(e));
}

Position Snapshot::to_position(uint32_t byte, PositionEncoding e) const {
  auto lc = index.to_line_column(byte, column_unit(e));
  return {lc.line, lc.column};
}

Range Snapshot::to_range(uint32_t start_byte, uint32_t end_byte, PositionEncoding e) const {
  return {to_position(start_byte, e), to_position(end_byte, e)};
}

Document::Document(std::string uri, int64_t version, std::string text, parser::PythonParser& parser)
    : uri_(std::move(uri)), version_(version), tree_(parser.parse(std::move(text))) {}

namespace {

// Where `inserted` ends when written at `start` (tree-sitter points count bytes).
parser::Point end_point(parser::Point start, std::string_view inserted) {
  size_t last_newline = inserted.rfind('\n');
  if (last_newline == std::string_view::npos)
    return {start.line, start.column + static_cast<uint32_t>(inserted.size())};
  auto lines = static_cast<uint32_t>(std::count(inserted.begin(), inserted.end(), '\n'));
  return {start.line + lines, static_cast<uint32_t>(inserted.size() - last_newline - 1)};
}

} // namespace

void Document::apply(const std::vector<ContentChange>& changes, int64_t version,
                     PositionEncoding encoding, parser::PythonParser& parser) {
  std::string text = tree_.source();
  bool full_replace = false;
  for (const ContentChange& change : changes) {
    if (!change.range) {
      text = change.text;
      full_replace = true;
      continue;
    }
    parser::LineIndex index(text);
    auto unit = column_unit(encoding);
    uint32_t start = index.to_byte({change.range->start.line, change.range->start.character}, unit);
    uint32_t end = index.to_byte({change.range->end.line, change.range->end.character}, unit);
    if (end < start) std::swap(start, end);
    if (!full_replace) {
      auto s = index.to_line_column(start, parser::ColumnUnit::Utf8);
      auto e = index.to_line_column(end, parser::ColumnUnit::Utf8);
      parser::Point sp{s.line, s.column}, ep{e.line, e.column};
      tree_.edit(start, end, start + static_cast<uint32_t>(change.text.size()), sp, ep,
                 end_point(sp, change.text));
    }
    text.replace(start, end - start, change.text);
  }
  // After a full replacement the old tree says nothing useful about the new text.
  tree_ = full_replace ? parser.parse(std::move(text)) : parser.reparse(tree_, std::move(text));
  version_ = version;
  snapshot_.reset();
}

std::shared_ptr<const Snapshot> Document::snapshot() {
  if (!snapshot_)
    snapshot_ = std::make_shared<const Snapshot>(
        uri_, version_, tree_.source(),
        parser::extract_definitions(tree_, module_name_from_uri(uri_)));
  return snapshot_;
}

std::string module_name_from_uri(const std::string& uri) {
  std::string path = uri.substr(0, uri.find_first_of("?#"));
  size_t slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name;
}

Document& DocumentStore::open(const TextDocumentItem& item) {
  docs_.erase(item.uri); // a re-open replaces the old state
  auto [it, _] = docs_.try_emplace(item.uri, item.uri, item.version, item.text, parser_);
  return it->second;
}

Document* DocumentStore::find(const std::string& uri) {
  auto it = docs_.find(uri);
  return it == docs_.end() ? nullptr : &it->second;
}

bool DocumentStore::close(const std::string& uri) {
  return docs_.erase(uri) > 0;
}

} // namespace axl::lsp
