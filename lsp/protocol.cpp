#include "protocol.h"

#include <limits>

namespace axl::lsp {
namespace {

[[noreturn]] void invalid(const std::string& what) {
  throw RpcError(error_code::InvalidParams, "invalid params: " + what);
}

const json& object_of(const json& j, const char* what) {
  if (!j.is_object()) invalid(std::string(what) + " must be an object");
  return j;
}

uint32_t uinteger(const json& object, const char* name) {
  const json& v = require_field(object, name);
  if (!v.is_number_integer() ||
      (v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() < 0) ||
      v.get<uint64_t>() > std::numeric_limits<uint32_t>::max())
    invalid(std::string("'") + name + "' must be an unsigned 32-bit integer");
  return v.get<uint32_t>();
}

int64_t integer(const json& object, const char* name) {
  const json& v = require_field(object, name);
  if (!v.is_number_integer()) invalid(std::string("'") + name + "' must be an integer");
  if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
    invalid(std::string("'") + name + "' is out of range");
  return v.get<int64_t>();
}

} // namespace

const char* to_string(PositionEncoding e) {
  switch (e) {
  case PositionEncoding::Utf8:
    return "utf-8";
  case PositionEncoding::Utf32:
    return "utf-32";
  default:
    return "utf-16";
  }
}

PositionEncoding negotiate_encoding(const json& caps) {
  if (!caps.is_object()) return PositionEncoding::Utf16;
  auto general = caps.find("general");
  if (general == caps.end() || !general->is_object()) return PositionEncoding::Utf16;
  auto list = general->find("positionEncodings");
  if (list == general->end() || !list->is_array()) return PositionEncoding::Utf16;
  bool utf16_seen = false, utf8 = false, utf32_first = false;
  for (const json& e : *list) {
    if (!e.is_string()) continue;
    if (e == "utf-8")
      utf8 = true;
    else if (e == "utf-16")
      utf16_seen = true;
    else if (e == "utf-32" && !utf8 && !utf16_seen)
      utf32_first = true;
  }
  if (utf32_first) return PositionEncoding::Utf32;
  if (utf8) return PositionEncoding::Utf8;
  return PositionEncoding::Utf16;
}

const json& require_field(const json& object, const char* name) {
  if (!object.is_object()) invalid(std::string("expected an object with '") + name + "'");
  auto it = object.find(name);
  if (it == object.end()) invalid(std::string("missing '") + name + "'");
  return *it;
}

std::string require_string(const json& object, const char* name) {
  const json& v = require_field(object, name);
  if (!v.is_string()) invalid(std::string("'") + name + "' must be a string");
  return v.get<std::string>();
}

Position parse_position(const json& j) {
  object_of(j, "position");
  return {uinteger(j, "line"), uinteger(j, "character")};
}

Range parse_range(const json& j) {
  object_of(j, "range");
  return {parse_position(require_field(j, "start")), parse_position(require_field(j, "end"))};
}

std::string parse_text_document_uri(const json& params) {
  return require_string(object_of(require_field(params, "textDocument"), "textDocument"), "uri");
}

TextDocumentItem parse_did_open(const json& params) {
  const json& doc = object_of(require_field(params, "textDocument"), "textDocument");
  TextDocumentItem item;
  item.uri = require_string(doc, "uri");
  item.language_id = doc.contains("languageId") && doc["languageId"].is_string()
                         ? doc["languageId"].get<std::string>()
                         : "";
  item.version = integer(doc, "version");
  item.text = require_string(doc, "text");
  return item;
}

DidChangeParams parse_did_change(const json& params) {
  const json& doc = object_of(require_field(params, "textDocument"), "textDocument");
  DidChangeParams out;
  out.uri = require_string(doc, "uri");
  out.version = integer(doc, "version");
  const json& changes = require_field(params, "contentChanges");
  if (!changes.is_array()) invalid("'contentChanges' must be an array");
  for (const json& c : changes) {
    object_of(c, "content change");
    ContentChange change;
    if (c.contains("range")) change.range = parse_range(c["range"]);
    change.text = require_string(c, "text");
    out.changes.push_back(std::move(change));
  }
  return out;
}

Diagnostic parse_diagnostic(const json& j) {
  object_of(j, "diagnostic");
  Diagnostic d;
  d.range = parse_range(require_field(j, "range"));
  d.message = require_string(j, "message");
  if (auto it = j.find("severity"); it != j.end() && it->is_number_integer())
    d.severity = it->get<int>();
  if (auto it = j.find("code"); it != j.end())
    d.code = it->is_string() ? it->get<std::string>() : it->dump();
  if (auto it = j.find("source"); it != j.end() && it->is_string())
    d.source = it->get<std::string>();
  if (auto it = j.find("data"); it != j.end()) d.data = *it;
  return d;
}

CodeActionParams parse_code_action_params(const json& params) {
  CodeActionParams out;
  out.uri = parse_text_document_uri(params);
  out.range = parse_range(require_field(params, "range"));
  const json& context = object_of(require_field(params, "context"), "context");
  const json& diagnostics = require_field(context, "diagnostics");
  if (!diagnostics.is_array()) invalid("'context.diagnostics' must be an array");
  for (const json& d : diagnostics) out.diagnostics.push_back(parse_diagnostic(d));
  out.sent_diagnostics = diagnostics;
  if (auto it = context.find("only"); it != context.end() && !it->is_null()) {
    if (!it->is_array()) invalid("'context.only' must be an array");
    std::vector<std::string> kinds;
    for (const json& k : *it) {
      if (!k.is_string()) invalid("'context.only' must hold strings");
      kinds.push_back(k.get<std::string>());
    }
    out.only = std::move(kinds);
  }
  return out;
}

TextDocumentPositionParams parse_position_params(const json& params) {
  return {parse_text_document_uri(params), parse_position(require_field(params, "position"))};
}

json to_json(const Position& p) {
  return {{"line", p.line}, {"character", p.character}};
}
json to_json(const Range& r) {
  return {{"start", to_json(r.start)}, {"end", to_json(r.end)}};
}
json to_json(const TextEdit& e) {
  return {{"range", to_json(e.range)}, {"newText", e.new_text}};
}

json to_json(const Diagnostic& d) {
  json j = {{"range", to_json(d.range)},
            {"severity", d.severity},
            {"source", d.source},
            {"message", d.message}};
  if (!d.code.empty()) j["code"] = d.code;
  if (!d.data.is_null()) j["data"] = d.data;
  return j;
}

json workspace_edit(const std::string& uri, std::optional<int64_t> version,
                    const std::vector<TextEdit>& edits, bool document_changes) {
  json list = json::array();
  for (const auto& e : edits) list.push_back(to_json(e));
  if (document_changes) {
    json id = {{"uri", uri}, {"version", version ? json(*version) : json(nullptr)}};
    return {{"documentChanges", json::array({{{"textDocument", id}, {"edits", list}}})}};
  }
  return {{"changes", {{uri, list}}}};
}

} // namespace axl::lsp
