// Open documents. The I/O side (Document) lives on the I/O thread and only passes didChange edits
// on, in microseconds; the parse side (ParsedDocument) lives on a parse thread, applies them to
// its text, re-parses incrementally with tree-sitter and extracts definitions into immutable
// Snapshots. tree-sitter's
// error recovery can take 100+ ms on a large file with a fresh syntax error, so it must never run
// on the I/O thread.
#pragma once

#include "protocol.h"

#include "parser/definition.h"
#include "parser/python_parser.h"
#include "parser/text_position.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace axl::lsp {

parser::ColumnUnit column_unit(PositionEncoding e);

// Documents larger than this are kept in sync but never parsed (tree-sitter and the extraction
// take seconds on tens of MiB, and the parse thread is shared by every document): they get no
// diagnostics, code actions or completion. The same cap as `axl-docs annotate`.
inline constexpr size_t kMaxParsedBytes = 4u << 20;
// After a parse of a document at least this big, free memory is returned to the system.
inline constexpr size_t kReleaseMemoryBytes = 256u << 10;

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
  bool too_large = false;  // over kMaxParsedBytes: not parsed, `parsed` is empty

  uint32_t to_byte(Position p, PositionEncoding e) const;
  Position to_position(uint32_t byte, PositionEncoding e) const;
  Range to_range(uint32_t start_byte, uint32_t end_byte, PositionEncoding e) const;
};

// What the parse thread needs to bring its text and tree to a new version: the client's changes
// as they came (a range-less change replaces the whole text). The I/O thread never touches the
// text, so a keystroke costs it microseconds however big the document.
struct TextUpdate {
  std::vector<ContentChange> changes; // in order, each relative to the text the previous one left
  int64_t version = 0;
  PositionEncoding encoding = PositionEncoding::Utf16;
};

// Parse side: owns the text, its line index and the tree. Not thread-safe; used by one thread at
// a time (the parse thread).
class ParsedDocument {
public:
  explicit ParsedDocument(std::string uri) : uri_(std::move(uri)), lines_(text_) {}
  ParsedDocument(const ParsedDocument&) = delete;
  ParsedDocument& operator=(const ParsedDocument&) = delete;

  // Applies the changes (ranges past the end are clamped), edits the tree and re-parses reusing
  // it. With `extract` false (a newer update is already queued) only the text and the tree are
  // brought up to date and nullptr is returned.
  std::shared_ptr<const Snapshot> update(const TextUpdate& update, parser::PythonParser& parser,
                                         bool extract = true);
  const std::string& text() const { return text_; }
  const parser::SyntaxTree& tree() const { return tree_; }

  // Updates wait here for the parse thread, coalesced: one that arrives while another waits is
  // merged into it (changes appended, version replaced; a whole-text change drops the changes
  // before it), so a burst of didChange holds the edits' bytes, never a copy of the document per
  // edit. Thread-safe. `offer` is true when nothing was waiting, i.e. the caller must schedule a
  // parse that will `take` it.
  bool offer(TextUpdate update);
  TextUpdate take();

private:
  // Applies one change to the text, the line index and (when `edit_tree`) the tree.
  void apply(const ContentChange& change, PositionEncoding encoding, bool edit_tree);

  std::mutex pending_mutex_;
  std::optional<TextUpdate> pending_;
  std::string uri_;
  std::string text_;
  parser::LineIndex lines_; // views text_, kept up to date edit by edit
  parser::SyntaxTree tree_;
  bool have_tree_ = false;
};

// Text side, on the I/O thread: versions and waiters only (the text lives on the parse side).
class Document {
public:
  Document(std::string uri, int64_t version);

  // The update that brings the parse side to `version` (changes as the client sent them).
  TextUpdate apply(std::vector<ContentChange> changes, int64_t version, PositionEncoding encoding);
  // The update that sets the opened text.
  TextUpdate open_update(std::string text) const;

  const std::string& uri() const { return uri_; }
  int64_t version() const { return version_; }

  // The newest parsed snapshot (possibly of an older version while a parse is running).
  const std::shared_ptr<const Snapshot>& snapshot() const { return snapshot_; }
  bool up_to_date() const { return snapshot_ && snapshot_->version == version_; }
  // Runs `fn` with the snapshot of the current version, now or once it is parsed.
  void when_parsed(std::function<void(std::shared_ptr<const Snapshot>)> fn);
  // Called on the I/O thread with a parse result; runs the waiters when it is current.
  void parsed(std::shared_ptr<const Snapshot> snap);

  // The parse side, handed to the parse thread (which alone touches it).
  const std::shared_ptr<ParsedDocument>& parse_state() const { return parse_state_; }
  // Latest version known, readable from the parse thread to skip superseded work.
  const std::shared_ptr<std::atomic<int64_t>>& latest_version() const { return latest_; }

private:
  std::string uri_;
  int64_t version_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::vector<std::function<void(std::shared_ptr<const Snapshot>)>> waiters_;
  std::shared_ptr<ParsedDocument> parse_state_;
  std::shared_ptr<std::atomic<int64_t>> latest_;
};

// The module name for a file URI: the file's stem ("file:///a/b/util.py" -> "util").
std::string module_name_from_uri(const std::string& uri);

class DocumentStore {
public:
  // A re-open replaces the old state.
  Document& open(const std::string& uri, int64_t version);
  Document* find(const std::string& uri);
  bool close(const std::string& uri);
  size_t size() const { return docs_.size(); }
  template <class Fn> void for_each(Fn fn) {
    for (auto& [uri, doc] : docs_) fn(doc);
  }

private:
  std::map<std::string, Document> docs_;
};

} // namespace axl::lsp
