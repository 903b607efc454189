// textDocument/codeAction and codeAction/resolve. Listing uses parser facts only (never the
// model) and runs on the I/O thread; edits are computed on a worker, lazily in resolve when the
// client supports resolving `edit`, else eagerly before the list is answered.
#include "command_names.h"
#include "diagnostics.h"
#include "edits.h"
#include "features.h"

namespace axl::lsp {
namespace {

bool kind_wanted(const std::optional<std::vector<std::string>>& only, const std::string& kind) {
  if (!only) return true;
  for (const auto& prefix : *only)
    if (kind == prefix || kind.rfind(prefix + ".", 0) == 0) return true;
  return false;
}

bool overlaps_lines(const Range& a, const Range& b) {
  return !(a.end.line < b.start.line || b.end.line < a.start.line);
}

std::string def_label(const parser::Definition& def) {
  return def.kind == parser::DefKind::Module ? "module" : "`" + def.qualified_name + "`";
}

// The WorkspaceEdit of one definition's docstring (empty when the engine has nothing to write).
json edit_for(FeatureContext& ctx, const Snapshot& snap, size_t index, const Settings& settings,
              std::stop_token stop) {
  std::vector<ByteEdit> edits;
  if (auto e = ctx.engine().generate(snap, index, settings, stop)) edits.push_back(std::move(*e));
  return to_workspace_edit(snap, edits, ctx.caps());
}

void list_code_actions(FeatureContext& ctx, const json& id, const CodeActionParams& p,
                       std::shared_ptr<const Snapshot> snap) {
  Settings settings = ctx.settings_for(p.uri);
  std::vector<Finding> findings = ctx.engine().check(*snap, settings);
  const auto& defs = snap->parsed.definitions;
  const ClientCaps& caps = ctx.caps();
  const PositionEncoding enc = caps.encoding;

  json actions = json::array();
  std::vector<bool> offered(defs.size(), false);
  auto action_for = [&](const Finding& f, const json* diagnostic) {
    const auto& def = defs[f.def_index];
    std::string verb = f.stale ? "Update" : "Generate";
    json action = {{"title", verb + " docstring for " + def_label(def)},
                   {"kind", diagnostic ? "quickfix" : "refactor.rewrite"},
                   {"data",
                    {{"uri", p.uri},
                     {"version", snap->version},
                     {"index", f.def_index},
                     {"def", def.qualified_name},
                     {"action", "def"}}}};
    if (diagnostic) {
      action["diagnostics"] = json::array({*diagnostic});
      action["isPreferred"] = true;
    }
    return action;
  };

  // Quick fixes for our diagnostics that the client sent back.
  for (size_t k = 0; k < p.diagnostics.size(); ++k) {
    const Diagnostic& d = p.diagnostics[k];
    if (d.source != "axl-docs" || !d.data.is_object()) continue;
    auto def_name = d.data.find("def");
    if (def_name == d.data.end() || !def_name->is_string())
      throw RpcError(error_code::InvalidParams, "invalid params: 'context.diagnostics[" +
                                                    std::to_string(k) +
                                                    "].data.def' must be a string");
    for (const Finding& f : findings) {
      if (!f.fixable || offered[f.def_index] || defs[f.def_index].qualified_name != *def_name ||
          f.code != d.code)
        continue;
      if (!kind_wanted(p.only, "quickfix")) continue;
      json diag = p.sent_diagnostics[k]; // echoed as the client sent it
      actions.push_back(action_for(f, &diag));
      offered[f.def_index] = true;
    }
  }
  // The definition under the cursor (its header lines), without a diagnostic in the request.
  for (const Finding& f : findings) {
    const auto& def = defs[f.def_index];
    if (!f.fixable || offered[f.def_index] || def.kind == parser::DefKind::Module) continue;
    Range header = snap->to_range(def.header_range.start_byte, def.header_range.end_byte, enc);
    if (!overlaps_lines(header, p.range) || !kind_wanted(p.only, "refactor.rewrite")) continue;
    actions.push_back(action_for(f, nullptr));
    offered[f.def_index] = true;
  }
  bool any_missing =
      std::any_of(findings.begin(), findings.end(), [](auto& f) { return !f.stale; });
  if (any_missing && kind_wanted(p.only, "source")) {
    json args = json::array({{{"uri", p.uri}, {"version", snap->version}}});
    actions.push_back({{"title", "Generate all missing docstrings in file"},
                       {"kind", "source"},
                       {"command",
                        {{"title", "Generate all missing docstrings in file"},
                         {"command", command_names::kGenerateFileDocstrings},
                         {"arguments", args}}}});
  }

  if (!caps.code_action_literals) {
    // Pre-3.8 clients take Command[]: each action becomes its command.
    json commands = json::array();
    for (auto& a : actions) {
      if (a.contains("command"))
        commands.push_back(a["command"]);
      else
        commands.push_back({{"title", a["title"]},
                            {"command", command_names::kGenerateDocstring},
                            {"arguments", json::array({a["data"]})}});
    }
    return ctx.reply(id, std::move(commands));
  }
  bool needs_edits =
      !caps.resolve_edit &&
      std::any_of(actions.begin(), actions.end(), [](const json& a) { return a.contains("data"); });
  if (!needs_edits) return ctx.reply(id, std::move(actions));

  // Eager: the client cannot resolve edits, so fill them in on a worker before answering.
  ctx.run_async(
      id, [&ctx, snap, settings, actions = std::move(actions)](std::stop_token stop) mutable {
        for (auto& a : actions)
          if (a.contains("data"))
            a["edit"] = edit_for(ctx, *snap, a["data"]["index"].get<size_t>(), settings, stop);
        return actions;
      });
}

void on_code_action(FeatureContext& ctx, const json& id, const CodeActionParams& p) {
  ctx.with_snapshot(id, p.uri, [&ctx, id, p](std::shared_ptr<const Snapshot> snap) {
    list_code_actions(ctx, id, p, std::move(snap));
  });
}

// codeAction/resolve's params: the action, and the document its `data` names; none for an action
// without `data` that carries a command (the file action): clients may resolve any action, and
// that one has nothing to resolve.
struct ActionToResolve {
  json action;
  std::optional<std::string> uri;
};

ActionToResolve parse_action_to_resolve(const json& params) {
  if (!params.is_object())
    throw RpcError(error_code::InvalidParams, "invalid params: expected a CodeAction");
  if (!params.contains("data") && params.contains("command")) return {params, std::nullopt};
  return {params, require_string(require_field(params, "data"), "uri")};
}

void on_code_action_resolve(FeatureContext& ctx, const json& id, const ActionToResolve& p) {
  if (!p.uri) return ctx.reply(id, p.action); // comes back as it is
  const std::string uri = *p.uri;
  ctx.with_snapshot(
      id, uri, [&ctx, id, uri, action = p.action](std::shared_ptr<const Snapshot> snap) {
        size_t index = resolve_definition(*snap, action["data"]);
        Settings settings = ctx.settings_for(uri);
        ctx.run_async(id, [&ctx, snap, settings, index, action](std::stop_token stop) mutable {
          action["edit"] = edit_for(ctx, *snap, index, settings, stop);
          return action;
        });
      });
}

} // namespace

void bind_code_actions(Binder& b, FeatureContext& ctx) {
  b.request(
      "textDocument/codeAction", parse_code_action_params, ctx, on_code_action,
      {{"codeActionProvider", {{"codeActionKinds", {"quickfix", "refactor.rewrite", "source"}}}}});
  b.request("codeAction/resolve", parse_action_to_resolve, ctx, on_code_action_resolve,
            {{"codeActionProvider", {{"resolveProvider", true}}}});
}

} // namespace axl::lsp
