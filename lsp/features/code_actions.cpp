// textDocument/codeAction and codeAction/resolve. Listing uses parser facts only (never the
// model) and runs on the I/O thread; edits are computed on a worker, lazily in resolve when the
// client supports resolving `edit`, else eagerly before the list is answered.
#include "../server.h"
#include "diagnostics.h"
#include "edits.h"

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

} // namespace

void Server::on_code_action(const json& id, const json& params) {
  CodeActionParams p = parse_code_action_params(params);
  with_snapshot(id, p.uri, [this, id, p, params](std::shared_ptr<const Snapshot> snap) {
    list_code_actions(id, p, params, std::move(snap));
  });
}

void Server::list_code_actions(const json& id, const CodeActionParams& p, const json& params,
                               std::shared_ptr<const Snapshot> snap) {
  Settings settings = settings_for(p.uri);
  std::vector<Finding> findings = engine_->check(*snap, settings);
  const auto& defs = snap->parsed.definitions;
  const PositionEncoding enc = caps_.encoding;

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
      json diag = params["context"]["diagnostics"][k]; // echoed as the client sent it
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
                         {"command", "axl-docs.generateFileDocstrings"},
                         {"arguments", args}}}});
  }

  if (!caps_.code_action_literals) {
    // Pre-3.8 clients take Command[]: each action becomes its command.
    json commands = json::array();
    for (auto& a : actions) {
      if (a.contains("command"))
        commands.push_back(a["command"]);
      else
        commands.push_back({{"title", a["title"]},
                            {"command", "axl-docs.generateDocstring"},
                            {"arguments", json::array({a["data"]})}});
    }
    return reply(id, std::move(commands));
  }
  bool needs_edits =
      !caps_.resolve_edit &&
      std::any_of(actions.begin(), actions.end(), [](const json& a) { return a.contains("data"); });
  if (!needs_edits) return reply(id, std::move(actions));

  // Eager: the client cannot resolve edits, so fill them in on a worker before answering.
  run_async(id, [this, snap, settings, actions = std::move(actions)](std::stop_token stop) mutable {
    for (auto& a : actions) {
      if (!a.contains("data")) continue;
      size_t index = a["data"]["index"].get<size_t>();
      std::vector<ByteEdit> edits;
      if (auto e = engine_->generate(*snap, index, settings, stop)) edits.push_back(std::move(*e));
      a["edit"] = to_workspace_edit(*snap, edits, caps_);
    }
    return actions;
  });
}

void Server::on_code_action_resolve(const json& id, const json& params) {
  if (!params.is_object())
    throw RpcError(error_code::InvalidParams, "invalid params: expected a CodeAction");
  // Clients may resolve any action without an edit, e.g. the file action that carries a
  // command: it has nothing to resolve and comes back as it is.
  if (!params.contains("data") && params.contains("command")) return reply(id, params);
  const json& data = require_field(params, "data");
  std::string uri = require_string(data, "uri");
  with_snapshot(id, uri, [this, id, uri, action = params](std::shared_ptr<const Snapshot> snap) {
    size_t index = resolve_definition(*snap, action["data"]);
    Settings settings = settings_for(uri);
    run_async(id, [this, snap, settings, index, action](std::stop_token stop) mutable {
      std::vector<ByteEdit> edits;
      if (auto e = engine_->generate(*snap, index, settings, stop)) edits.push_back(std::move(*e));
      action["edit"] = to_workspace_edit(*snap, edits, caps_);
      return action;
    });
  });
}

} // namespace axl::lsp
