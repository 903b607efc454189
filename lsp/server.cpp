#include "server.h"

#include "features/features.h"

#include <boost/asio/post.hpp>

#include <cstdio>

namespace axl::lsp {

namespace asio = boost::asio;

Server::Server(asio::io_context& io, Sender send, std::unique_ptr<DocstringEngine> engine,
               ServerOptions options)
    : io_(io), send_(std::move(send)), engine_(std::move(engine)), options_(std::move(options)),
      pool_(options_.worker_threads) {
  bind_methods();
}

// The server's own methods; the features bind theirs in features/features.h.
void Server::bind_methods() {
  Binder& b = binder_;
  b.request("initialize", params_as_is, *this, &Server::on_initialize);
  b.request("shutdown", no_params, *this, &Server::on_shutdown);
  b.request("axl-docs/cacheStats", no_params, *this, &Server::on_cache_stats);
  b.notification("initialized", no_params, *this, &Server::on_initialized);
  b.notification("exit", no_params, *this, &Server::on_exit_notification);
  b.notification("$/cancelRequest", params_as_is, *this, &Server::on_cancel);
  b.notification("window/workDoneProgress/cancel", params_as_is, *this,
                 &Server::on_progress_cancel);
  b.notification("workspace/didChangeConfiguration", params_as_is, *this,
                 &Server::on_did_change_configuration);
  b.notification("textDocument/didOpen", parse_did_open, *this, &Server::on_did_open,
                 {{"textDocumentSync", {{"openClose", true}}}});
  b.notification("textDocument/didChange", parse_did_change, *this, &Server::on_did_change,
                 {{"textDocumentSync", {{"change", 2}}}}); // incremental
  b.notification("textDocument/didClose", parse_text_document_uri, *this, &Server::on_did_close,
                 {{"textDocumentSync", {{"openClose", true}}}});
  b.notification("textDocument/didSave", parse_text_document_uri, *this, &Server::on_did_save,
                 {{"textDocumentSync", {{"save", {{"includeText", false}}}}}});
  bind_features(b, *this);
}

Server::~Server() {
  for (auto& [_, p] : pending_) p.stop.request_stop();
  background_stop_.request_stop();
}

void Server::send(const json& message) {
  send_(message);
}

void Server::log(const std::string& message) const {
  if (options_.log) std::fprintf(stderr, "axl-docs lsp: %s\n", message.c_str());
}

void Server::notify(const std::string& method, json params) {
  send(make_notification(method, std::move(params)));
}

void Server::show_message(int type, const std::string& message) {
  notify("window/showMessage", {{"type", type}, {"message", message}});
}

void Server::request(const std::string& method, json params,
                     std::function<void(const json&, const json*)> on_answer) {
  int64_t id = next_outgoing_id_++;
  outgoing_[id] = std::move(on_answer);
  send(make_request(id, method, std::move(params)));
}

void Server::reply(const json& id, json result) {
  auto it = pending_.find(key(id));
  if (it == pending_.end()) return; // already answered (cancelled, made stale, shut down)
  pending_.erase(it);
  send(make_response(id, std::move(result)));
}

void Server::reply_error(const json& id, int code, const std::string& message) {
  auto it = pending_.find(key(id));
  if (it == pending_.end()) return;
  it->second.stop.request_stop();
  pending_.erase(it);
  send(make_error(id, code, message));
}

void Server::on_transport_error(int code, const std::string& message) {
  log(message);
  send(make_error(nullptr, code, message));
}

void Server::on_message(const json& msg) {
  stop_background(); // any message: the CPU goes to what the editor asks for now
  dispatch(msg);
  arm_background();
}

void Server::dispatch(const json& msg) {
  if (!msg.is_object()) {
    send(make_error(nullptr, error_code::InvalidRequest,
                    "a message must be a JSON object (batches are not part of LSP)"));
    return;
  }
  auto method = msg.find("method");
  auto id = msg.find("id");
  bool has_id = id != msg.end();
  // JSON-RPC 2.0: every message says so; anything else is not processed.
  if (auto version = msg.find("jsonrpc"); version == msg.end() || *version != "2.0") {
    send(make_error(has_id && is_valid_id(*id) ? *id : json(nullptr), error_code::InvalidRequest,
                    "'jsonrpc' must be \"2.0\""));
    return;
  }
  if (method == msg.end()) {
    if (has_id && (msg.contains("result") || msg.contains("error"))) return handle_response(msg);
    send(make_error(has_id && is_valid_id(*id) ? *id : json(nullptr), error_code::InvalidRequest,
                    "a message needs a 'method', or an 'id' with 'result' or 'error'"));
    return;
  }
  if (has_id && !is_valid_id(*id)) {
    send(make_error(nullptr, error_code::InvalidRequest, "'id' must be an integer or a string"));
    return;
  }
  if (!method->is_string()) {
    if (has_id) send(make_error(*id, error_code::InvalidRequest, "'method' must be a string"));
    return;
  }
  static const json kNull;
  auto params_it = msg.find("params");
  const json& params = params_it == msg.end() ? kNull : *params_it;
  if (has_id)
    handle_request(*id, method->get<std::string>(), params);
  else
    handle_notification(method->get<std::string>(), params);
}

void Server::handle_request(const json& id, const std::string& method, const json& params) {
  if (pending_.count(key(id))) {
    send(make_error(id, error_code::InvalidRequest, "a request with this id is still pending"));
    return;
  }
  pending_[key(id)].method = method;
  if (state_ == State::ShutDown)
    return reply_error(id, error_code::InvalidRequest, "the server is shutting down");
  if (state_ == State::Uninitialized && method != "initialize")
    return reply_error(id, error_code::ServerNotInitialized,
                       "the server is not initialized; send 'initialize' first");
  const Binder::Request* handler = binder_.find_request(method);
  if (!handler) return reply_error(id, error_code::MethodNotFound, "unknown method: " + method);
  try {
    (*handler)(id, params);
  } catch (const RpcError& e) {
    reply_error(id, e.code, e.what());
  } catch (const std::exception& e) {
    reply_error(id, error_code::InternalError, std::string("internal error: ") + e.what());
  }
}

void Server::handle_notification(const std::string& method, const json& params) {
  // `exit` counts in every state; the rest is dropped before initialize and after shutdown.
  if (state_ != State::Running && method != "exit") return;
  const Binder::Notification* handler = binder_.find_notification(method);
  if (!handler) {
    // `$/` notifications are optional by definition; others are logged, never answered.
    if (method.rfind("$/", 0) != 0) log("ignoring unknown notification " + method);
    return;
  }
  try {
    (*handler)(params);
  } catch (const std::exception& e) {
    log(method + ": " + e.what());
  }
}

void Server::handle_response(const json& msg) {
  const json& id = msg["id"];
  if (!id.is_number_integer()) return;
  auto it = outgoing_.find(id.get<int64_t>());
  if (it == outgoing_.end()) return;
  auto callback = std::move(it->second);
  outgoing_.erase(it);
  auto error = msg.find("error");
  static const json kNull;
  auto result = msg.find("result");
  try {
    callback(result == msg.end() ? kNull : *result, error == msg.end() ? nullptr : &*error);
  } catch (const std::exception& e) {
    log(std::string("handling a client response: ") + e.what());
  }
}

void Server::run_async(const json& id, std::function<json(std::stop_token)> work) {
  auto it = pending_.find(key(id));
  if (it == pending_.end()) return;
  pool_.submit(
      [this, id, work = std::move(work)](std::stop_token stop) {
        json result;
        int code = 0;
        std::string message;
        try {
          result = work(stop);
        } catch (const RpcError& e) {
          code = e.code;
          message = e.what();
        } catch (const std::exception& e) {
          code = error_code::InternalError;
          message = std::string("internal error: ") + e.what();
        }
        if (stop.stop_requested() && code == 0) {
          code = error_code::RequestCancelled;
          message = "cancelled";
        }
        asio::post(io_, [this, id, result = std::move(result), code, message]() mutable {
          if (code)
            reply_error(id, code, message);
          else
            reply(id, std::move(result));
        });
      },
      it->second.stop.get_token());
}

void Server::run_on_worker(const json& id, std::function<void(std::stop_token)> work) {
  auto it = pending_.find(key(id));
  if (it == pending_.end()) return;
  pool_.submit(std::move(work), it->second.stop.get_token());
}

void Server::post(std::function<void()> fn) {
  asio::post(io_, std::move(fn));
}

void Server::detach_from_document(const json& id) {
  if (auto it = pending_.find(key(id)); it != pending_.end()) it->second.uri.clear();
}

json Server::new_progress_token() const {
  return "axl-docs/" + std::to_string(next_outgoing_id_);
}

void Server::track_progress(const json& token, const json& id) {
  if (auto it = pending_.find(key(id)); it != pending_.end())
    progress_[token.dump()] = std::make_shared<std::stop_source>(it->second.stop);
}

void Server::untrack_progress(const json& token) {
  progress_.erase(token.dump());
}

// ---- lifecycle ----

namespace {

bool flag(const json& j, std::initializer_list<const char*> path) {
  const json* cur = &j;
  for (const char* p : path) {
    if (!cur->is_object()) return false;
    auto it = cur->find(p);
    if (it == cur->end()) return false;
    cur = &*it;
  }
  return cur->is_boolean() && cur->get<bool>();
}

const json* at(const json& j, std::initializer_list<const char*> path) {
  const json* cur = &j;
  for (const char* p : path) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(p);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

} // namespace

void Server::on_initialize(const json& id, const json& params) {
  if (state_ != State::Uninitialized)
    throw RpcError(error_code::InvalidRequest, "'initialize' may only be sent once");
  if (!params.is_object())
    throw RpcError(error_code::InvalidParams, "invalid params: expected an object");
  static const json kEmpty = json::object();
  const json& caps = params.contains("capabilities") ? params["capabilities"] : kEmpty;
  caps_.encoding = negotiate_encoding(caps);
  caps_.code_action_literals = at(caps, {"textDocument", "codeAction", "codeActionLiteralSupport"});
  if (const json* props = at(caps, {"textDocument", "codeAction", "resolveSupport", "properties"});
      props && props->is_array())
    for (const json& p : *props) caps_.resolve_edit |= p == "edit";
  caps_.document_changes = flag(caps, {"workspace", "workspaceEdit", "documentChanges"});
  caps_.apply_edit = flag(caps, {"workspace", "applyEdit"});
  caps_.work_done_progress = flag(caps, {"window", "workDoneProgress"});
  caps_.configuration_pull = flag(caps, {"workspace", "configuration"});
  caps_.diagnostic_versions = flag(caps, {"textDocument", "publishDiagnostics", "versionSupport"});
  if (const json* modes = at(caps, {"textDocument", "completion", "completionItem",
                                    "insertTextModeSupport", "valueSet"});
      modes && modes->is_array())
    for (const json& m : *modes) caps_.insert_text_mode_as_is |= m == 1;

  if (auto opts = params.find("initializationOptions"); opts != params.end() && opts->is_object()) {
    // Clients send either the section itself or {"axl-docs": {...}}.
    set_settings_layer(init_settings_, opts->contains("axl-docs") ? (*opts)["axl-docs"] : *opts);
    if (auto d = opts->find("diagnosticsDelayMs"); d != opts->end() && d->is_number_unsigned())
      options_.diagnostics_delay = std::chrono::milliseconds(d->get<uint64_t>());
    if (auto d = opts->find("backgroundDelayMs"); d != opts->end() && d->is_number_unsigned())
      options_.background_delay = std::chrono::milliseconds(d->get<uint64_t>());
    if (auto b = opts->find("background"); b != opts->end() && b->is_boolean())
      options_.background = b->get<bool>();
  }

  json capabilities = binder_.capabilities();
  capabilities["positionEncoding"] = to_string(caps_.encoding);
  json result = {{"capabilities", std::move(capabilities)},
                 {"serverInfo", {{"name", "axl-docs"}, {"version", options_.version}}}};
  state_ = State::Running;
  reply(id, std::move(result));
}

void Server::on_initialized(NoParams) {
  if (caps_.configuration_pull) pull_configuration();
  if (!engine_->uses_model() && !model_notice_sent_) {
    model_notice_sent_ = true;
    show_message(3, "axl-docs: no model loaded; docstring text comes from the name heuristic");
  }
}

void Server::on_shutdown(const json& id, NoParams) {
  state_ = State::ShutDown;
  // Everything still running is answered now so each request gets exactly one reply.
  std::vector<json> ids;
  for (auto& [k, p] : pending_)
    if (p.method != "shutdown") ids.push_back(json::parse(k));
  for (auto& other : ids)
    reply_error(other, error_code::RequestCancelled, "the server is shutting down");
  for (auto& [_, timer] : diagnostic_timers_) timer->cancel();
  const CacheStats c = engine_->cache_stats();
  if (c.hits + c.misses + c.prepared > 0)
    log("model cache: " + std::to_string(c.hits) + " of " + std::to_string(c.hits + c.misses) +
        " requests hit; " + std::to_string(c.prepared) + " definitions prepared in " +
        std::to_string(background_passes_) + " background passes (" +
        std::to_string(background_cancelled_) + " cancelled)");
  reply(id, nullptr);
}

void Server::on_exit_notification(NoParams) {
  if (exit_code_) return;
  exit_code_ = state_ == State::ShutDown ? 0 : 1;
  for (auto& [_, p] : pending_) p.stop.request_stop();
  for (auto& [_, timer] : diagnostic_timers_) timer->cancel();
  if (on_exit) on_exit(*exit_code_);
}

void Server::on_cancel(const json& params) {
  const json& id = require_field(params, "id");
  if (!is_valid_id(id)) return;
  auto it = pending_.find(key(id));
  if (it == pending_.end() || it->second.method == "shutdown") return;
  reply_error(id, error_code::RequestCancelled, "cancelled by the client");
}

void Server::on_progress_cancel(const json& params) {
  const json& token = require_field(params, "token");
  auto it = progress_.find(token.dump());
  if (it != progress_.end()) it->second->request_stop();
}

// ---- configuration ----

void Server::set_settings_layer(json& layer, const json& settings) {
  std::vector<std::string> problems;
  Settings check;
  apply_settings(check, settings, problems); // only to report bad values; they are skipped later
  for (auto& p : problems) show_message(2, "axl-docs: " + p);
  if (settings.is_object())
    layer = settings;
  else if (settings.is_null())
    layer = json::object(); // nothing set here: the lower layers apply
  // Anything else (reported above) leaves the layer as it was.
}

void Server::on_did_change_configuration(const json& params) {
  const json& settings =
      params.is_object() && params.contains("settings") ? params["settings"] : json();
  if (settings.is_object() && settings.contains("axl-docs")) {
    set_settings_layer(editor_settings_, settings["axl-docs"]);
    settings_changed();
  } else if (caps_.configuration_pull) {
    pull_configuration(); // the push carried nothing for us: ask (the pull model)
  }
}

void Server::pull_configuration() {
  request("workspace/configuration", {{"items", json::array({{{"section", "axl-docs"}}})}},
          [this](const json& result, const json* error) {
            if (error) return; // keep what we have
            // null (or [null], []): the client has no `axl-docs` settings (any more), so the
            // layers below (initializationOptions, pyproject.toml, defaults) apply.
            json section = result.is_array() && !result.empty() ? result[0] : json();
            set_settings_layer(editor_settings_, section);
            settings_changed();
          });
}

void Server::settings_changed() {
  prepared_.clear(); // settings may reach the model: prepare again (cached prose is kept)
  for (auto& [uri, _] : project_settings_) schedule_diagnostics(uri, std::chrono::milliseconds(0));
}

Settings Server::settings_for(const std::string& uri) {
  Settings s;
  std::vector<std::string> ignored;
  if (auto it = project_settings_.find(uri); it != project_settings_.end())
    apply_settings(s, it->second, ignored);
  apply_settings(s, init_settings_, ignored);
  apply_settings(s, editor_settings_, ignored);
  return s;
}

void Server::with_snapshot(const json& id, const std::string& uri,
                           std::function<void(std::shared_ptr<const Snapshot>)> fn) {
  Document& doc = document_or_throw(uri);
  pending_[key(id)].uri = uri;
  doc.when_parsed([this, id, fn = std::move(fn)](std::shared_ptr<const Snapshot> snap) {
    if (!pending_.count(key(id))) return; // answered meanwhile (cancelled, stale)
    try {
      fn(std::move(snap));
    } catch (const RpcError& e) {
      reply_error(id, e.code, e.what());
    } catch (const std::exception& e) {
      reply_error(id, error_code::InternalError, std::string("internal error: ") + e.what());
    }
  });
}

Document& Server::document_or_throw(const std::string& uri) {
  Document* doc = documents_.find(uri);
  if (!doc) throw RpcError(error_code::InvalidParams, "unknown document: " + uri + " (not open)");
  return *doc;
}

} // namespace axl::lsp
