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

// Where `inserted` ends when written at `start` (tree-sitter points: rows end at "\n", columns
// count bytes).
parser::Point end_point(parser::Point start, std::string_view inserted) {
  size_t last_newline = inserted.rfind('\n');
  if (last_newline == std::string_view::npos)
    return {start.line, start.column + static_cast<uint32_t>(inserted.size())};
  auto lines = static_cast<uint32_t>(std::count(inserted.begin(), inserted.end(), '\n'));
  return {start.line + lines, static_cast<uint32_t>(inserted.size() - last_newline - 1)};
}

} // namespace

void ParsedDocument::apply(const ContentChange& change, PositionEncoding encoding, bool edit_tree) {
  if (!change.range) {
    text_ = change.text;
    lines_ = parser::LineIndex(text_);
    return;
  }
  auto unit = column_unit(encoding);
  uint32_t start = lines_.to_byte({change.range->start.line, change.range->start.character}, unit);
  uint32_t end = lines_.to_byte({change.range->end.line, change.range->end.character}, unit);
  if (end < start) std::swap(start, end);
  auto inserted = static_cast<uint32_t>(change.text.size());
  if (edit_tree) {
    parser::Point sp = lines_.newline_point(start), ep = lines_.newline_point(end);
    tree_.edit(start, end, start + inserted, sp, ep, end_point(sp, change.text));
  }
  text_.replace(start, end - start, change.text);
  lines_.edited(text_, start, end, inserted);
}

std::shared_ptr<const Snapshot> ParsedDocument::update(const TextUpdate& u,
                                                       parser::PythonParser& parser, bool extract) {
  // The tree is reused only when every change was an edit of the text it was parsed from.
  bool full_replace = !have_tree_;
  for (const ContentChange& change : u.changes) {
    full_replace = full_replace || !change.range;
    apply(change, u.encoding, !full_replace);
  }
  if (text_.size() > kMaxParsedBytes) {
    tree_ = parser::SyntaxTree(); // the next update that fits parses from scratch
    have_tree_ = false;
    if (!extract) return nullptr;
    auto snap = std::make_shared<Snapshot>(uri_, u.version, text_, parser::ParseResult{});
    snap->too_large = true;
    return snap;
  }
  tree_ = full_replace ? parser.parse(text_) : parser.reparse(tree_, text_);
  have_tree_ = true;
  if (!extract) return nullptr;
  return std::make_shared<const Snapshot>(
      uri_, u.version, text_, parser::extract_definitions(tree_, module_name_from_uri(uri_)));
}

bool ParsedDocument::offer(TextUpdate u) {
  std::lock_guard lock(pending_mutex_);
  if (!pending_) {
    pending_ = std::move(u);
    return true;
  }
  TextUpdate& p = *pending_;
  for (ContentChange& change : u.changes) {
    if (!change.range) p.changes.clear(); // replaced: the edits before it no longer matter
    p.changes.push_back(std::move(change));
  }
  p.version = u.version;
  p.encoding = u.encoding;
  return false;
}

TextUpdate ParsedDocument::take() {
  std::lock_guard lock(pending_mutex_);
  TextUpdate u = std::move(pending_).value_or(TextUpdate{});
  pending_.reset();
  return u;
}

Document::Document(std::string uri, int64_t version)
    : uri_(std::move(uri)), version_(version), parse_state_(std::make_shared<ParsedDocument>(uri_)),
      latest_(std::make_shared<std::atomic<int64_t>>(version)) {}

TextUpdate Document::apply(std::vector<ContentChange> changes, int64_t version,
                           PositionEncoding encoding) {
  version_ = version;
  latest_->store(version);
  return {std::move(changes), version, encoding};
}

TextUpdate Document::open_update(std::string text) const {
  TextUpdate u{{}, version_, PositionEncoding::Utf8};
  u.changes.push_back({std::nullopt, std::move(text)});
  return u;
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

Document& DocumentStore::open(const std::string& uri, int64_t version) {
  docs_.erase(uri);
  auto [it, _] = docs_.try_emplace(uri, uri, version);
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
