// workspace/executeCommand: compute edits on a worker, then ask the client to apply them with
// workspace/applyEdit; the whole-file command reports $/progress and can be cancelled from it.
// A command runs in steps, each a function below: its snapshot (on_*), the progress token
// (start_job), the progress begin (begin_job), the edits (compute_edits, on a worker), the
// answer (finish_job) and the client's answer to the edit (apply_edit).
#include "command_names.h"
#include "edits.h"
#include "features.h"

namespace axl::lsp {
namespace {

// What both commands take: `arguments: [{uri, ...}]`, and the client's progress token if any.
struct CommandParams {
  json arg;                            // arguments[0]
  std::optional<json> work_done_token; // `workDoneToken` as sent (used only when a valid id)
};

CommandParams parse_command_params(const json& params) {
  const json& args = params.contains("arguments") ? params["arguments"] : json::array();
  if (!args.is_array() || args.empty() || !args[0].is_object())
    throw RpcError(error_code::InvalidParams,
                   "invalid params: the command takes one object argument with 'uri'");
  CommandParams out{args[0], std::nullopt};
  if (auto it = params.find("workDoneToken"); it != params.end()) out.work_done_token = *it;
  return out;
}

// One run of a command, from its snapshot to the client's answer to workspace/applyEdit.
struct EditJob {
  json id;
  std::shared_ptr<const Snapshot> snap;
  Settings settings;
  std::optional<size_t> index; // one definition; none: every definition without a docstring
  json token;                  // the work-done progress token; null: no progress
};

void notify_progress(FeatureContext& ctx, const json& token, json value) {
  ctx.notify("$/progress", {{"token", token}, {"value", std::move(value)}});
}

void end_progress(FeatureContext& ctx, const json& token, const std::string& message) {
  if (token.is_null()) return;
  ctx.untrack_progress(token);
  notify_progress(ctx, token, {{"kind", "end"}, {"message", message}});
}

// The command's reply comes with the client's answer: `{applied}`, or RequestFailed.
void apply_edit(FeatureContext& ctx, const json& id, json edit) {
  // The client applies the edit (and sends didChange) before it answers: from now on an edit
  // must not make this request stale.
  ctx.detach_from_document(id);
  ctx.request("workspace/applyEdit", {{"label", "axl-docs: docstrings"}, {"edit", std::move(edit)}},
              [&ctx, id](const json& result, const json* error) {
                if (error)
                  return ctx.reply_error(id, error_code::RequestFailed,
                                         "the client did not apply the edit");
                ctx.reply(id, result.is_object() ? result : json(nullptr));
              });
}

// On the I/O thread, once the edits are computed.
void finish_job(FeatureContext& ctx, const EditJob& job, json edit, bool cancelled, size_t count) {
  if (cancelled || !ctx.is_pending(job.id)) {
    end_progress(ctx, job.token, "cancelled");
    return ctx.reply_error(job.id, error_code::RequestCancelled, "cancelled");
  }
  if (count == 0) {
    end_progress(ctx, job.token, "nothing to do");
    return ctx.reply(job.id, nullptr);
  }
  end_progress(ctx, job.token, std::to_string(count) + " docstring(s)");
  apply_edit(ctx, job.id, std::move(edit));
}

// On a worker.
void compute_edits(FeatureContext& ctx, const EditJob& job, std::stop_token stop) {
  std::vector<ByteEdit> edits;
  if (job.index) {
    if (auto e = ctx.engine().generate(*job.snap, *job.index, job.settings, stop))
      edits.push_back(*e);
  } else {
    auto report = [&](size_t done, size_t total) {
      if (job.token.is_null()) return;
      json value = {{"kind", "report"},
                    {"message", std::to_string(done) + "/" + std::to_string(total)},
                    {"percentage", total ? done * 100 / total : 100}};
      ctx.post([&ctx, token = job.token, value = std::move(value)]() {
        notify_progress(ctx, token, value);
      });
    };
    edits = generate_missing(*job.snap, job.settings, ctx.engine(), stop, report);
  }
  bool cancelled = stop.stop_requested();
  json edit = to_workspace_edit(*job.snap, edits, ctx.caps());
  ctx.post([&ctx, job, edit = std::move(edit), cancelled, count = edits.size()]() mutable {
    finish_job(ctx, job, std::move(edit), cancelled, count);
  });
}

void begin_job(FeatureContext& ctx, const EditJob& job) {
  if (!ctx.is_pending(job.id)) return; // cancelled while the token was being created
  if (!job.token.is_null()) {
    ctx.track_progress(job.token, job.id);
    notify_progress(ctx, job.token,
                    {{"kind", "begin"},
                     {"title", job.index ? "Generating docstring" : "Generating docstrings"},
                     {"cancellable", true},
                     {"percentage", 0}});
  }
  ctx.run_on_worker(job.id, [&ctx, job](std::stop_token stop) { compute_edits(ctx, job, stop); });
}

// Progress: the client's own token, or one we create (window/workDoneProgress/create) when the
// client allows it and `own_progress` asks for it.
void start_job(FeatureContext& ctx, EditJob job, const CommandParams& p, bool own_progress) {
  if (p.work_done_token && is_valid_id(*p.work_done_token))
    job.token = *p.work_done_token;
  else if (own_progress && ctx.caps().work_done_progress)
    job.token = ctx.new_progress_token();
  if (job.token.is_null() || p.work_done_token) return begin_job(ctx, job);
  json token = job.token;
  ctx.request("window/workDoneProgress/create", {{"token", token}},
              [&ctx, job = std::move(job)](const json&, const json* error) mutable {
                if (error) job.token = nullptr; // refused: proceed without progress
                begin_job(ctx, job);
              });
}

// The document both commands edit; throws when the client cannot apply an edit.
std::string target_uri(FeatureContext& ctx, const CommandParams& p) {
  if (!ctx.caps().apply_edit)
    throw RpcError(error_code::RequestFailed, "the client does not support workspace/applyEdit");
  return require_string(p.arg, "uri");
}

void generate_docstring(FeatureContext& ctx, const json& id, const CommandParams& p) {
  std::string uri = target_uri(ctx, p);
  ctx.with_snapshot(id, uri, [&ctx, id, p, uri](std::shared_ptr<const Snapshot> snap) {
    size_t index = resolve_definition(*snap, p.arg);
    start_job(ctx, {id, snap, ctx.settings_for(uri), index, nullptr}, p, false);
  });
}

void generate_file_docstrings(FeatureContext& ctx, const json& id, const CommandParams& p) {
  std::string uri = target_uri(ctx, p);
  ctx.with_snapshot(id, uri, [&ctx, id, p, uri](std::shared_ptr<const Snapshot> snap) {
    if (p.arg.contains("version") && p.arg["version"] != snap->version)
      throw RpcError(error_code::ContentModified, "the document changed; run the command again");
    start_job(ctx, {id, snap, ctx.settings_for(uri), std::nullopt, nullptr}, p, true);
  });
}

} // namespace

void bind_commands(Binder& b, FeatureContext& ctx) {
  b.command(command_names::kGenerateDocstring, parse_command_params, ctx, generate_docstring);
  b.command(command_names::kGenerateFileDocstrings, parse_command_params, ctx,
            generate_file_docstrings);
}

} // namespace axl::lsp
