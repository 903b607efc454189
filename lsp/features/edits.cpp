#include "edits.h"

#include <algorithm>

namespace axl::lsp {

TextEdit to_text_edit(const Snapshot& snap, const ByteEdit& edit, PositionEncoding enc) {
  return {snap.to_range(edit.start, edit.end, enc), edit.text};
}

json to_workspace_edit(const Snapshot& snap, const std::vector<ByteEdit>& edits,
                       const ClientCaps& caps) {
  std::vector<TextEdit> text_edits;
  for (const auto& e : edits) text_edits.push_back(to_text_edit(snap, e, caps.encoding));
  return workspace_edit(snap.uri, snap.version, text_edits, caps.document_changes);
}

size_t resolve_definition(const Snapshot& snap, const json& data) {
  if (!data.is_object())
    throw RpcError(error_code::InvalidParams, "invalid params: missing 'data'");
  auto version = data.find("version");
  if (version == data.end() || !version->is_number_integer())
    throw RpcError(error_code::InvalidParams, "invalid params: 'data.version' must be an integer");
  if (version->get<int64_t>() != snap.version)
    throw RpcError(error_code::ContentModified,
                   "the document changed since the action was listed; ask again");
  auto index = data.find("index");
  auto name = data.find("def");
  if (index == data.end() || !index->is_number_unsigned() || name == data.end() ||
      !name->is_string())
    throw RpcError(error_code::InvalidParams, "invalid params: 'data' needs 'index' and 'def'");
  size_t i = index->get<size_t>();
  if (i >= snap.parsed.definitions.size() ||
      snap.parsed.definitions[i].qualified_name != name->get<std::string>())
    throw RpcError(error_code::ContentModified, "the definition is no longer there");
  return i;
}

std::vector<ByteEdit> generate_missing(const Snapshot& snap, const Settings& settings,
                                       DocstringEngine& engine, std::stop_token stop,
                                       const std::function<void(size_t, size_t)>& progress) {
  std::vector<size_t> targets;
  for (const Finding& f : engine.check(snap, settings))
    if (!f.stale) targets.push_back(f.def_index);
  std::vector<ByteEdit> edits;
  for (size_t n = 0; n < targets.size(); ++n) {
    if (stop.stop_requested()) break;
    if (auto e = engine.generate(snap, targets[n], settings, stop)) edits.push_back(std::move(*e));
    if (progress) progress(n + 1, targets.size());
  }
  // Nested definitions give disjoint edits; keep them ordered and drop any that would overlap.
  std::sort(edits.begin(), edits.end(),
            [](const ByteEdit& a, const ByteEdit& b) { return a.start < b.start; });
  std::vector<ByteEdit> disjoint;
  for (auto& e : edits)
    if (disjoint.empty() || disjoint.back().end <= e.start) disjoint.push_back(std::move(e));
  return disjoint;
}

} // namespace axl::lsp
