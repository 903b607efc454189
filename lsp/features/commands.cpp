// workspace/executeCommand: compute edits on a worker, then ask the client to apply them with
// workspace/applyEdit; the whole-file command reports $/progress and can be cancelled from it.
#include "../server.h"
#include "edits.h"

#include <boost/asio/post.hpp>

namespace axl::lsp {

namespace asio = boost::asio;

void Server::on_execute_command(const json& id, const json& params) {
  std::string command = require_string(params, "command");
  const json& args = params.contains("arguments") ? params["arguments"] : json::array();
  if (command != "axl-docs.generateDocstring" && command != "axl-docs.generateFileDocstrings")
    throw RpcError(error_code::InvalidParams, "invalid params: unknown command '" + command + "'");
  if (!args.is_array() || args.empty() || !args[0].is_object())
    throw RpcError(error_code::InvalidParams,
                   "invalid params: the command takes one object argument with 'uri'");
  if (!caps_.apply_edit)
    throw RpcError(error_code::RequestFailed, "the client does not support workspace/applyEdit");
  std::string uri = require_string(args[0], "uri");
  with_snapshot(id, uri, [this, id, params](std::shared_ptr<const Snapshot> snap) {
    run_command(id, params, std::move(snap));
  });
}

void Server::run_command(const json& id, const json& params, std::shared_ptr<const Snapshot> snap) {
  const json& arg = params["arguments"][0];
  const std::string& uri = snap->uri;
  bool whole_file = params["command"] == "axl-docs.generateFileDocstrings";
  std::optional<size_t> index;
  if (!whole_file)
    index = resolve_definition(*snap, arg);
  else if (arg.contains("version") && arg["version"] != snap->version)
    throw RpcError(error_code::ContentModified, "the document changed; run the command again");

  std::stop_source stop = pending_[key(id)].stop;
  Settings settings = settings_for(uri);

  // Progress: the client's own token, or one we create when the client allows it.
  json token;
  if (params.contains("workDoneToken") && is_valid_id(params["workDoneToken"]))
    token = params["workDoneToken"];
  else if (whole_file && caps_.work_done_progress)
    token = "axl-docs/" + std::to_string(next_outgoing_id_);

  auto start = [this, id, snap, settings, index, stop, whole_file](json token) {
    auto progress = [this, token](json value) {
      if (token.is_null()) return;
      asio::post(io_, [this, token, value = std::move(value)]() {
        notify("$/progress", {{"token", token}, {"value", value}});
      });
    };
    if (!pending_.count(key(id))) return; // cancelled while the token was being created
    if (!token.is_null()) {
      progress_[token.dump()] = std::make_shared<std::stop_source>(stop);
      notify("$/progress",
             {{"token", token},
              {"value",
               {{"kind", "begin"},
                {"title", whole_file ? "Generating docstrings" : "Generating docstring"},
                {"cancellable", true},
                {"percentage", 0}}}});
    }
    pool_.submit(
        [this, id, snap, settings, index, token, progress](std::stop_token st) {
          std::vector<ByteEdit> edits;
          if (index) {
            if (auto e = engine_->generate(*snap, *index, settings, st)) edits.push_back(*e);
          } else {
            edits = generate_missing(*snap, settings, *engine_, st, [&](size_t done, size_t total) {
              progress({{"kind", "report"},
                        {"message", std::to_string(done) + "/" + std::to_string(total)},
                        {"percentage", total ? done * 100 / total : 100}});
            });
          }
          bool cancelled = st.stop_requested();
          json edit = to_workspace_edit(*snap, edits, caps_);
          asio::post(io_, [this, id, token, edit, cancelled, count = edits.size()]() {
            auto end_progress = [this, token](const std::string& message) {
              if (token.is_null()) return;
              progress_.erase(token.dump());
              notify("$/progress",
                     {{"token", token}, {"value", {{"kind", "end"}, {"message", message}}}});
            };
            if (cancelled || !pending_.count(key(id))) {
              end_progress("cancelled");
              return reply_error(id, error_code::RequestCancelled, "cancelled");
            }
            if (count == 0) {
              end_progress("nothing to do");
              return reply(id, nullptr);
            }
            end_progress(std::to_string(count) + " docstring(s)");
            // The client applies the edit (and sends didChange) before it answers: from now on
            // an edit must not make this request stale.
            if (auto it = pending_.find(key(id)); it != pending_.end()) it->second.uri.clear();
            request("workspace/applyEdit", {{"label", "axl-docs: docstrings"}, {"edit", edit}},
                    [this, id](const json& result, const json* error) {
                      if (error)
                        return reply_error(id, error_code::RequestFailed,
                                           "the client did not apply the edit");
                      reply(id, result.is_object() ? result : json(nullptr));
                    });
          });
        },
        stop.get_token());
  };

  if (!token.is_null() && !params.contains("workDoneToken")) {
    request("window/workDoneProgress/create", {{"token", token}},
            [start, token](const json&, const json* error) {
              start(error ? json(nullptr) : token); // refused: proceed without progress
            });
  } else {
    start(token);
  }
}

} // namespace axl::lsp
