// Byte edits from the docstring engine -> LSP TextEdits / WorkspaceEdits in the negotiated
// encoding.
#pragma once

#include "../docstring_engine.h"
#include "../feature_context.h"
#include "../protocol.h"

#include <stop_token>

namespace axl::lsp {

TextEdit to_text_edit(const Snapshot& snap, const ByteEdit& edit, PositionEncoding enc);
json to_workspace_edit(const Snapshot& snap, const std::vector<ByteEdit>& edits,
                       const ClientCaps& caps);

// The definition `data` points at, checked against the snapshot (index and qualified name).
// Throws ContentModified when the document moved on, InvalidParams when `data` is malformed.
size_t resolve_definition(const Snapshot& snap, const json& data);

// Edits for every definition that lacks a docstring, in document order. `progress(done, total)`
// is called after each one; stops early (returning what it has) when `stop` fires.
std::vector<ByteEdit> generate_missing(const Snapshot& snap, const Settings& settings,
                                       DocstringEngine& engine, std::stop_token stop,
                                       const std::function<void(size_t, size_t)>& progress = {});

} // namespace axl::lsp
