// Text synchronization and debounced diagnostics.
#include "server.h"

#include "allocator.h"
#include "features/diagnostics.h"

#include <boost/asio/post.hpp>

namespace axl::lsp {

namespace asio = boost::asio;

void Server::on_did_open(TextDocumentItem item) {
  invalidate_requests_for(item.uri); // a re-open replaces the document they waited on
  diagnostics_waiting_.erase(item.uri);
  if (item.text.size() > kMaxParsedBytes)
    show_message(2, "axl-docs: " + item.uri + " is larger than " +
                        std::to_string(kMaxParsedBytes >> 20) +
                        " MiB; no diagnostics, code actions or completion for it");
  Document& doc = documents_.open(item.uri, item.version);
  parse(doc, doc.open_update(std::move(item.text)));
  std::vector<std::string> problems;
  json project;
  if (auto path = file_path_from_uri(item.uri)) project = load_project_settings(*path, problems);
  for (auto& p : problems) show_message(2, "axl-docs: " + p);
  project_settings_[item.uri] = project;
  schedule_diagnostics(item.uri, std::chrono::milliseconds(0));
}

void Server::on_did_change(DidChangeParams change) {
  Document* doc = documents_.find(change.uri);
  if (!doc) return; // a change for a document never opened: nothing to keep in sync
  parse(*doc, doc->apply(std::move(change.changes), change.version, caps_.encoding));
  invalidate_requests_for(change.uri);
  schedule_diagnostics(change.uri, options_.diagnostics_delay);
}

void Server::on_did_close(const std::string& uri) {
  invalidate_requests_for(uri);
  if (!documents_.close(uri)) return;
  project_settings_.erase(uri);
  prepared_.erase(uri);
  diagnostics_waiting_.erase(uri);
  if (auto it = diagnostic_timers_.find(uri); it != diagnostic_timers_.end()) {
    it->second->cancel();
    diagnostic_timers_.erase(it);
  }
  notify("textDocument/publishDiagnostics", {{"uri", uri}, {"diagnostics", json::array()}});
}

void Server::on_did_save(const std::string& uri) {
  if (!documents_.find(uri)) return;
  // The project's pyproject.toml may have changed meanwhile: re-read it on save.
  std::vector<std::string> problems;
  if (auto path = file_path_from_uri(uri))
    project_settings_[uri] = load_project_settings(*path, problems);
  prepared_.erase(uri); // pyproject.toml may name another model
  schedule_diagnostics(uri, std::chrono::milliseconds(0));
}

// A request about an older version of the document answers ContentModified (LSP 3.17: the
// server may drop requests whose result an edit invalidated, and the client asks again).
void Server::invalidate_requests_for(const std::string& uri) {
  std::vector<json> stale;
  for (auto& [k, p] : pending_)
    if (p.uri == uri) stale.push_back(json::parse(k));
  for (auto& id : stale)
    reply_error(id, error_code::ContentModified, "the document changed; the result would be stale");
}

void Server::schedule_diagnostics(const std::string& uri, std::chrono::milliseconds delay) {
  auto& timer = diagnostic_timers_[uri];
  if (!timer) timer = std::make_unique<asio::steady_timer>(io_);
  timer->expires_after(delay); // cancels a pending wait: that is the debounce
  timer->async_wait([this, uri](boost::system::error_code ec) {
    if (!ec) publish_diagnostics(uri);
  });
}

void Server::parse(Document& doc, TextUpdate update) {
  auto state = doc.parse_state();
  auto latest = doc.latest_version();
  if (!state->offer(std::move(update))) return; // merged into the update already waiting
  parse_pool_.submit([this, state, latest](std::stop_token) {
    TextUpdate update = state->take();
    // A superseded update only edits the tree; the newest one also extracts definitions.
    auto snap = state->update(update, parse_parser_, latest->load() == update.version);
    if (!snap) return;
    // The previous version's tree and text were just freed: hand big ones back to the system.
    if (snap->text.size() >= kReleaseMemoryBytes) release_free_memory();
    asio::post(io_, [this, state, snap] {
      Document* doc = documents_.find(snap->uri);
      if (doc && doc->parse_state() == state) doc->parsed(snap);
    });
  });
}

void Server::publish_diagnostics(const std::string& uri) {
  Document* doc = documents_.find(uri);
  if (!doc || state_ != State::Running) return;
  // One waiter per document is enough: it runs with whatever version is current by then.
  if (!diagnostics_waiting_.insert(uri).second) return;
  auto state = doc->parse_state();
  doc->when_parsed([this, state](std::shared_ptr<const Snapshot> snap) {
    diagnostics_waiting_.erase(snap->uri);
    Settings settings = settings_for(snap->uri);
    pool_.submit([this, snap, settings, state](std::stop_token stop) {
      json diags = compute_diagnostics(*snap, settings, *engine_, caps_.encoding);
      if (stop.stop_requested()) return;
      asio::post(io_, [this, snap, state, diags = std::move(diags)]() mutable {
        Document* current = documents_.find(snap->uri);
        if (!current || current->parse_state() != state || current->version() != snap->version ||
            state_ != State::Running)
          return;
        json params = {{"uri", snap->uri}, {"diagnostics", std::move(diags)}};
        if (caps_.diagnostic_versions) params["version"] = snap->version;
        notify("textDocument/publishDiagnostics", std::move(params));
      });
    });
  });
}

} // namespace axl::lsp
