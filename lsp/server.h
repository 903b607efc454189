// The language server core: lifecycle, dispatch, pending requests (exactly one reply each),
// cancellation, server-to-client requests, the document store and debounced diagnostics.
// Every member is touched only on the io_context's thread; workers post their results back.
#pragma once

#include "binder.h"
#include "docstring_engine.h"
#include "document_store.h"
#include "feature_context.h"
#include "json_rpc.h"
#include "protocol.h"
#include "settings.h"
#include "worker_pool.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <unordered_map>

namespace axl::lsp {

struct ServerOptions {
  unsigned worker_threads = 1;
  std::chrono::milliseconds diagnostics_delay{200}; // debounce after didChange
  std::string version = "0.0.0";
  bool log = true; // notes on stderr (ignored notifications, bad params of notifications)
  // Background generation (server_background.cpp): after this long without a message, the
  // docstrings of undocumented definitions of open documents are prepared (model only).
  bool background = true;
  std::chrono::milliseconds background_delay{500};
};

// Features reach the server through FeatureContext only (private: nobody else calls it).
class Server : private FeatureContext {
public:
  using Sender = std::function<void(const json&)>;

  Server(boost::asio::io_context& io, Sender send, std::unique_ptr<DocstringEngine> engine,
         ServerOptions options);
  ~Server();

  void on_message(const json& message);
  // A framing or JSON error: answered with id null.
  void on_transport_error(int code, const std::string& message);
  // Set once `exit` arrives (or the input ends): the process exit status.
  std::optional<int> exit_code() const { return exit_code_; }
  std::function<void(int)> on_exit; // called once with the exit status

private:
  struct Pending {
    std::string method;
    std::string uri; // the document the answer depends on ("" if none)
    std::stop_source stop;
    std::string progress_token; // a work-done token this request reports on
  };

  void handle_request(const json& id, const std::string& method, const json& params);
  void handle_notification(const std::string& method, const json& params);
  void handle_response(const json& message);

  // Binds the server's own methods (lifecycle, text synchronization) and the features'.
  void bind_methods();

  // FeatureContext (see feature_context.h).
  const ClientCaps& caps() const override { return caps_; }
  Settings settings_for(const std::string& uri) override;
  DocstringEngine& engine() override { return *engine_; }
  void reply(const json& id, json result) override;
  void reply_error(const json& id, int code, const std::string& message) override;
  bool is_pending(const json& id) const override { return pending_.count(key(id)) != 0; }
  void with_snapshot(const json& id, const std::string& uri,
                     std::function<void(std::shared_ptr<const Snapshot>)> fn) override;
  void run_async(const json& id, std::function<json(std::stop_token)> work) override;
  void run_on_worker(const json& id, std::function<void(std::stop_token)> work) override;
  void post(std::function<void()> fn) override;
  void detach_from_document(const json& id) override;
  void notify(const std::string& method, json params) override;
  void request(const std::string& method, json params,
               std::function<void(const json& result, const json* error)> on_answer) override;
  json new_progress_token() const override;
  void track_progress(const json& token, const json& id) override;
  void untrack_progress(const json& token) override;

  void send(const json& message);
  void show_message(int type, const std::string& message);
  void log(const std::string& message) const;
  static std::string key(const json& id) { return id.dump(); }

  // Lifecycle.
  void on_initialize(const json& id, const json& params);
  void on_shutdown(const json& id, NoParams);
  void on_initialized(NoParams);
  void on_exit_notification(NoParams);
  void on_cancel(const json& params);
  void on_progress_cancel(const json& params);
  void on_did_change_configuration(const json& params);
  void on_cache_stats(const json& id, NoParams);
  void pull_configuration();
  // Validates `settings` (problems go to window/showMessage) and makes it the new `layer`.
  void set_settings_layer(json& layer, const json& settings);
  void settings_changed();

  // Text synchronization.
  void on_did_open(TextDocumentItem item);
  void on_did_change(DidChangeParams change);
  void on_did_close(const std::string& uri);
  void on_did_save(const std::string& uri);
  void invalidate_requests_for(const std::string& uri);
  void schedule_diagnostics(const std::string& uri, std::chrono::milliseconds delay);
  void publish_diagnostics(const std::string& uri);

  // Background generation while idle (server_background.cpp): any message stops it, and it
  // starts again once the server has been idle for options_.background_delay.
  void dispatch(const json& message);
  void stop_background();
  void arm_background();
  void start_background();
  json cache_stats_json() const;

  Document& document_or_throw(const std::string& uri);
  // Hands a text update to the parse thread; the snapshot comes back to Document::parsed.
  void parse(Document& doc, TextUpdate update);

  boost::asio::io_context& io_;
  Sender send_;
  std::unique_ptr<DocstringEngine> engine_;
  ServerOptions options_;
  Binder binder_; // every method the server answers, with its params parser and capability

  enum class State { Uninitialized, Running, ShutDown } state_ = State::Uninitialized;
  std::optional<int> exit_code_;
  ClientCaps caps_;
  // Settings layers, lowest first (see settings.h): project_settings_ (per document),
  // init_settings_ (initializationOptions), editor_settings_ (the latest didChangeConfiguration
  // push or workspace/configuration answer: the client's current configuration, replaced as a
  // whole each time). settings_for() applies them in that order.
  json init_settings_ = json::object();
  json editor_settings_ = json::object();
  std::map<std::string, json> project_settings_; // per uri, from pyproject.toml
  bool model_notice_sent_ = false;

  DocumentStore documents_;
  std::unordered_map<std::string, Pending> pending_;
  int64_t next_outgoing_id_ = 1;
  std::map<int64_t, std::function<void(const json&, const json*)>> outgoing_;
  std::map<std::string, std::unique_ptr<boost::asio::steady_timer>> diagnostic_timers_;
  std::set<std::string> diagnostics_waiting_; // uris whose diagnostics wait for a parse
  std::map<std::string, std::shared_ptr<std::stop_source>> progress_; // token -> its work

  // Background generation: the running pass's stop, the idle timer, the versions (per uri) whose
  // undocumented definitions are all prepared, and counts for axl-docs/cacheStats.
  std::stop_source background_stop_;
  std::unique_ptr<boost::asio::steady_timer> background_timer_;
  bool background_running_ = false;
  std::map<std::string, int64_t> prepared_;
  uint64_t background_passes_ = 0, background_cancelled_ = 0;

  parser::PythonParser parse_parser_; // used by the parse thread only
  WorkerPool parse_pool_{1};          // one thread: updates of a document stay in order
  WorkerPool background_pool_{1};     // one thread at the lowest OS priority
  WorkerPool pool_; // last: destroyed (and joined) first, while the rest is still alive
};

} // namespace axl::lsp
