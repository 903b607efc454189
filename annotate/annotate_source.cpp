#include "annotate/annotate_source.h"

#include "docstring/composer.h"
#include "parser/python_parser.h"
#include "parser/text_position.h"

#include <algorithm>

namespace axl::annotate {
namespace {

std::string display_name(const parser::Definition& d) {
  return d.kind == parser::DefKind::Module ? std::string() : " `" + d.qualified_name + "`";
}

Finding finding_at(const parser::LineIndex& lines, const parser::Definition& def, std::string code,
                   std::string message) {
  uint32_t at = def.kind == parser::DefKind::Module ? 0 : def.name_range.start_byte;
  auto lc = lines.to_line_column(at, parser::ColumnUnit::Utf32);
  return {lc.line + 1, lc.column + 1, std::move(code), std::move(message)};
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// The shape a docstring edit must leave alone: every definition, in order, with its parameters.
std::vector<std::string> shape_of(const parser::ParseResult& parsed) {
  std::vector<std::string> shape;
  for (const auto& d : parsed.definitions) {
    std::string s = std::to_string(static_cast<int>(d.kind)) + ":" + d.qualified_name + "(";
    for (const auto& p : d.params) s += std::to_string(static_cast<int>(p.kind)) + p.name + ",";
    shape.push_back(s + ")");
  }
  return shape;
}

// The safety net before anything replaces a file: the result parses cleanly, defines exactly the
// same things, and every definition we documented now has its docstring. Empty when safe.
std::string verify(const parser::ParseResult& before, const std::string& new_text,
                   const docstring::FileResult& composed, std::string_view module_name) {
  auto after = parser::parse_python(new_text, module_name);
  if (after.has_errors)
    return "internal error: the result would not parse (line " +
           std::to_string(after.first_error.line + 1) + ")";
  if (shape_of(after) != shape_of(before))
    return "internal error: the result would change the file's definitions";
  // Same shape: the definitions line up one to one (names repeat: @overload stubs).
  for (const auto& doc : composed.docstrings)
    if (doc.def_index >= after.definitions.size() || !after.definitions[doc.def_index].docstring)
      return "internal error: the docstring of " + doc.qualified_name + " was not placed";
  return {};
}

} // namespace

AnnotateResult annotate_source(std::string bytes, const AnnotateRequest& req,
                               docstring::SummaryProvider& provider) {
  AnnotateResult out;
  std::string why;
  auto src = decode_source(std::move(bytes), req.size_cap, why);
  if (!src) {
    out.status = Status::Skipped;
    out.skip_reason = why;
    return out;
  }
  auto parsed = parser::parse_python(src->text, req.module_name);
  if (parsed.has_errors) {
    out.status = Status::Skipped;
    out.skip_reason = "syntax error at line " + std::to_string(parsed.first_error.line + 1) +
                      ", column " + std::to_string(parsed.first_error.column + 1);
    return out;
  }

  parser::LineIndex lines(src->text);
  for (const auto& m : docstring::find_missing(parsed, src->text, req.render.include_private))
    out.findings.push_back(finding_at(lines, *m.def, m.code, m.message + display_name(*m.def)));
  if (req.update) {
    for (const auto& d : parsed.definitions) {
      if (!d.docstring) continue;
      for (const auto& m : docstring::find_mismatches(d, req.render))
        out.findings.push_back(finding_at(lines, d, m.code, m.message + display_name(d)));
    }
    std::stable_sort(out.findings.begin(), out.findings.end(),
                     [](const Finding& a, const Finding& b) {
                       return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
  }

  auto mode = req.update ? docstring::FileMode::MissingAndStale : docstring::FileMode::Missing;
  auto composed = docstring::compose_file(src->text, parsed, provider, req.render, mode);
  if (composed.edits.empty() || composed.new_source == src->text) return out;

  if (src->ascii_only) {
    for (const auto& e : composed.edits) {
      if (!is_ascii(e.new_text)) {
        out.status = Status::Skipped;
        out.skip_reason = "declares encoding '" + src->declared_encoding +
                          "' and the new docstrings are not ASCII";
        return out;
      }
    }
  }
  if (std::string problem = verify(parsed, composed.new_source, composed, req.module_name);
      !problem.empty()) {
    out.status = Status::Skipped;
    out.skip_reason = problem;
    return out;
  }
  for (const auto& doc : composed.docstrings) (doc.replaces_existing ? out.updated : out.added)++;
  src->text = std::move(composed.new_source);
  out.output = encode_source(*src);
  out.status = Status::Changed;
  return out;
}

} // namespace axl::annotate
