#include "diagnostics.h"

namespace axl::lsp {

Range definition_range(const Snapshot& snap, const parser::Definition& def, PositionEncoding enc) {
  if (def.kind == parser::DefKind::Module) {
    size_t eol = snap.text.find_first_of("\r\n"); // the first line (it may end in a lone CR)
    uint32_t end = static_cast<uint32_t>(eol == std::string::npos ? snap.text.size() : eol);
    return snap.to_range(0, end, enc);
  }
  return snap.to_range(def.name_range.start_byte, def.name_range.end_byte, enc);
}

json finding_data(const Snapshot& snap, const Finding& f) {
  const auto& def = snap.parsed.definitions[f.def_index];
  return {{"def", def.qualified_name},
          {"index", f.def_index},
          {"stale", f.stale},
          {"version", snap.version}};
}

json compute_diagnostics(const Snapshot& snap, const Settings& settings,
                         const DocstringEngine& engine, PositionEncoding enc) {
  json out = json::array();
  if (!settings.publishes_diagnostics()) return out;
  for (const Finding& f : engine.check(snap, settings)) {
    Diagnostic d;
    d.range = definition_range(snap, snap.parsed.definitions[f.def_index], enc);
    d.severity = settings.diagnostics_severity;
    d.code = f.code;
    d.message = f.message;
    d.data = finding_data(snap, f);
    out.push_back(to_json(d));
  }
  return out;
}

} // namespace axl::lsp
