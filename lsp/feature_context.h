// What the features (features/*.cpp) may use of the server, and nothing else: the client's
// capabilities, the settings of a document, the docstring engine, replies to their request, the
// client, and the threads. Server implements it; a feature never sees the server's state, and a
// test can run a feature against a fake.
#pragma once

#include "docstring_engine.h"
#include "json_rpc.h"
#include "protocol.h"

#include <functional>
#include <memory>
#include <stop_token>
#include <string>

namespace axl::lsp {

// What the client said it can do (the parts the features look at).
struct ClientCaps {
  PositionEncoding encoding = PositionEncoding::Utf16;
  bool code_action_literals = false;
  bool resolve_edit = false; // codeAction/resolve may fill `edit`
  bool document_changes = false;
  bool apply_edit = false;
  bool work_done_progress = false;
  bool configuration_pull = false;
  bool insert_text_mode_as_is = false;
  bool diagnostic_versions = false;
};

class FeatureContext {
public:
  virtual ~FeatureContext() = default;

  virtual const ClientCaps& caps() const = 0;
  virtual Settings settings_for(const std::string& uri) = 0;
  virtual DocstringEngine& engine() = 0;

  // Replies to request `id` (ignored once it was answered: cancelled, made stale, shut down).
  virtual void reply(const json& id, json result) = 0;
  virtual void reply_error(const json& id, int code, const std::string& message) = 0;
  virtual bool is_pending(const json& id) const = 0;
  // Runs `fn` on the I/O thread with the snapshot of the document's current version (now, or once
  // the parse thread has it). Errors thrown by `fn` become the reply; an edit or close before
  // then answers ContentModified instead.
  virtual void with_snapshot(const json& id, const std::string& uri,
                             std::function<void(std::shared_ptr<const Snapshot>)> fn) = 0;
  // Runs `work` on a worker with the request's stop token and replies with its result.
  virtual void run_async(const json& id, std::function<json(std::stop_token)> work) = 0;

  // For requests that answer in several steps (commands): `work` runs on a worker with the
  // request's stop token and replies itself, from the I/O thread (`post`).
  virtual void run_on_worker(const json& id, std::function<void(std::stop_token)> work) = 0;
  virtual void post(std::function<void()> fn) = 0;
  // From now on an edit of the request's document does not make it stale.
  virtual void detach_from_document(const json& id) = 0;

  // The client.
  virtual void notify(const std::string& method, json params) = 0;
  virtual void request(const std::string& method, json params,
                       std::function<void(const json& result, const json* error)> on_answer) = 0;
  // Work-done progress: a fresh token of ours; `window/workDoneProgress/cancel` of a tracked
  // token stops request `id`.
  virtual json new_progress_token() const = 0;
  virtual void track_progress(const json& token, const json& id) = 0;
  virtual void untrack_progress(const json& token) = 0;
};

} // namespace axl::lsp
