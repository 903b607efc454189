// Typed LSP 3.17 structures used by the server, with strict JSON conversion: reading params that
// do not match the spec throws RpcError(InvalidParams) naming the offending field.
#pragma once

#include "json_rpc.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace axl::lsp {

enum class PositionEncoding { Utf8, Utf16, Utf32 };
const char* to_string(PositionEncoding e);
// Chooses from the client's `general.positionEncodings` (ordered by preference): utf-8 whenever
// offered (it is the server's native encoding), utf-32 only if listed before utf-8 and utf-16,
// otherwise the mandatory utf-16.
PositionEncoding negotiate_encoding(const json& client_capabilities);

struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
  bool operator==(const Position&) const = default;
};

struct Range {
  Position start, end;
  bool operator==(const Range&) const = default;
};

struct TextEdit {
  Range range;
  std::string new_text;
};

struct TextDocumentItem {
  std::string uri, language_id, text;
  int64_t version = 0;
};

struct ContentChange {
  std::optional<Range> range; // none: the text replaces the whole document
  std::string text;
};

struct DidChangeParams {
  std::string uri;
  int64_t version = 0;
  std::vector<ContentChange> changes;
};

struct Diagnostic {
  Range range;
  int severity = 3; // 1 error, 2 warning, 3 information, 4 hint
  std::string code;
  std::string source = "axl-docs";
  std::string message;
  json data; // null when unused
};

struct CodeActionParams {
  std::string uri;
  Range range;
  std::vector<Diagnostic> diagnostics;
  json sent_diagnostics; // `context.diagnostics` as the client sent them (quick fixes echo them)
  std::optional<std::vector<std::string>> only;
};

struct TextDocumentPositionParams {
  std::string uri;
  Position position;
};

// Reading: every function throws RpcError(InvalidParams) on a shape mismatch.
Position parse_position(const json& j);
Range parse_range(const json& j);
TextDocumentItem parse_did_open(const json& params);
DidChangeParams parse_did_change(const json& params);
std::string parse_text_document_uri(const json& params); // params.textDocument.uri
CodeActionParams parse_code_action_params(const json& params);
TextDocumentPositionParams parse_position_params(const json& params);
Diagnostic parse_diagnostic(const json& j);

// Field helpers for handlers that read a few fields of loosely-specified objects.
const json& require_field(const json& object, const char* name);
std::string require_string(const json& object, const char* name);

json to_json(const Position& p);
json to_json(const Range& r);
json to_json(const TextEdit& e);
json to_json(const Diagnostic& d);
json workspace_edit(const std::string& uri, std::optional<int64_t> version,
                    const std::vector<TextEdit>& edits, bool document_changes);

} // namespace axl::lsp
