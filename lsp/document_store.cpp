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

namespace {

// tree-sitter's point of `byte` in `text`: rows count "\n" only (unlike LSP lines, which also
// end at a lone "\r"), columns count bytes.
parser::Point tree_sitter_point(std::string_view text, uint32_t byte) {
  std::string_view before = text.substr(0, byte);
  auto rows = static_cast<uint32_t>(std::count(before.begin(), before.end(), '\n'));
  size_t last_newline = before.rfind('\n');
  uint32_t column = last_newline == std::string_view::npos
                        ? byte
                        : byte - static_cast<uint32_t>(last_newline) - 1;
  return {rows, column};
}

// Where `inserted` ends when written at `start` (tree-sitter points count bytes).
parser::Point end_point(parser::Point start, std::string_view inserted) {
  size_t last_newline = inserted.rfind('\n');
  if (last_newline == std::string_view::npos)
    return {start.line, start.column + static_cast<uint32_t>(inserted.size())};
  auto lines = static_cast<uint32_t>(std::count(inserted.begin(), inserted.end(), '\n'));
  return {start.line + lines, static_cast<uint32_t>(inserted.size() - last_newline - 1)};
}

} // namespace

std::shared_ptr<const Snapshot> ParsedDocument::update(const TextUpdate& u,
                                                       parser::PythonParser& parser, bool extract) {
  if (u.text.size() > kMaxParsedBytes) {
    tree_ = parser::SyntaxTree(); // the next update that fits parses from scratch
    have_tree_ = false;
    if (!extract) return nullptr;
    auto snap = std::make_shared<Snapshot>(uri_, u.version, u.text, parser::ParseResult{});
    snap->too_large = true;
    return snap;
  }
  if (u.full_replace || !have_tree_) {
    tree_ = parser.parse(u.text);
  } else {
    for (const TreeEdit& e : u.edits)
      tree_.edit(e.start, e.old_end, e.new_end, e.start_point, e.old_end_point, e.new_end_point);
    tree_ = parser.reparse(tree_, u.text);
  }
  have_tree_ = true;
  if (!extract) return nullptr;
  return std::make_shared<const Snapshot>(
      uri_, u.version, u.text, parser::extract_definitions(tree_, module_name_from_uri(uri_)));
}

bool ParsedDocument::offer(TextUpdate u) {
  std::lock_guard lock(pending_mutex_);
  if (!pending_) {
    pending_ = std::move(u);
    return true;
  }
  TextUpdate& p = *pending_;
  if (u.full_replace) {
    p.full_replace = true;
    p.edits.clear();
  } else if (!p.full_replace) {
    p.edits.insert(p.edits.end(), u.edits.begin(), u.edits.end());
  }
  p.text = std::move(u.text);
  p.version = u.version;
  return false;
}

TextUpdate ParsedDocument::take() {
  std::lock_guard lock(pending_mutex_);
  TextUpdate u = std::move(pending_).value_or(TextUpdate{});
  pending_.reset();
  return u;
}

Document::Document(std::string uri, int64_t version, std::string text)
    : uri_(std::move(uri)), version_(version), text_(std::move(text)),
      parse_state_(std::make_shared<ParsedDocument>(uri_)),
      latest_(std::make_shared<std::atomic<int64_t>>(version)) {}

TextUpdate Document::apply(const std::vector<ContentChange>& changes, int64_t version,
                           PositionEncoding encoding) {
  TextUpdate update;
  auto unit = column_unit(encoding);
  for (const ContentChange& change : changes) {
    if (!change.range) {
      text_ = change.text;
      update.full_replace = true;
      update.edits.clear();
      continue;
    }
    parser::LineIndex index(text_);
    uint32_t start = index.to_byte({change.range->start.line, change.range->start.character}, unit);
    uint32_t end = index.to_byte({change.range->end.line, change.range->end.character}, unit);
    if (end < start) std::swap(start, end);
    if (!update.full_replace) {
      parser::Point sp = tree_sitter_point(text_, start), ep = tree_sitter_point(text_, end);
      update.edits.push_back({start, end, start + static_cast<uint32_t>(change.text.size()), sp, ep,
                              end_point(sp, change.text)});
    }
    text_.replace(start, end - start, change.text);
  }
  version_ = version;
  latest_->store(version);
  update.text = text_;
  update.version = version;
  return update;
}

void Document::when_parsed(std::function<void(std::shared_ptr<const Snapshot>)> fn) {
  if (up_to_date()) return fn(snapshot_);
  waiters_.push_back(std::move(fn));
}

void Document::parsed(std::shared_ptr<const Snapshot> snap) {
  if (!snap || snap->version != version_) return; // superseded: a newer parse is on its way
  snapshot_ = std::move(snap);
  auto waiters = std::move(waiters_);
  waiters_.clear();
  for (auto& w : waiters) w(snapshot_);
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
  auto [it, _] = docs_.try_emplace(item.uri, item.uri, item.version, item.text);
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
