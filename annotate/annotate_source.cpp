#include "annotate/annotate_source.h"

#include "docstring/composer.h"
#include "parser/python_parser.h"
#include "parser/text_position.h"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

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

// The text of the line a definition's finding points at (its name's line; line 1 for the module).
std::string_view definition_line(std::string_view source, const parser::Definition& def) {
  size_t at = def.kind == parser::DefKind::Module ? 0 : def.name_range.start_byte;
  size_t start = source.find_last_of("\r\n", at == 0 ? 0 : at - 1);
  start = (at == 0 || start == std::string_view::npos) ? 0 : start + 1;
  size_t end = source.find_first_of("\r\n", at);
  return source.substr(start, end == std::string_view::npos ? source.npos : end - start);
}

// The convention the file's docstrings already follow: the most common of google, numpy, sphinx
// and epytext among them (the first seen on a tie); nullopt when none shows one (summaries only).
std::optional<docstring::Style> file_style(const parser::ParseResult& parsed) {
  std::array<int, 5> count{};
  std::vector<docstring::Style> order;
  for (const auto& def : parsed.definitions) {
    if (!def.docstring) continue;
    auto s = docstring::from_doc_style(def.docstring->style);
    if (!s || *s == docstring::Style::Pep257) continue; // a bare summary shows no convention
    if (count[static_cast<size_t>(*s)]++ == 0) order.push_back(*s);
  }
  std::optional<docstring::Style> best;
  for (auto s : order) // in order of appearance: the first seen wins a tie
    if (!best || count[static_cast<size_t>(s)] > count[static_cast<size_t>(*best)]) best = s;
  return best;
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

// Does `composed` rewrite the existing docstring of `d` into something else?
bool rewrites_docstring(const parser::Definition& d, std::string_view source,
                        const docstring::FileResult& composed) {
  return std::any_of(composed.docstrings.begin(), composed.docstrings.end(), [&](const auto& doc) {
    const auto& e = doc.edit;
    return doc.replaces_existing && e.end_byte == d.docstring->range.end_byte &&
           source.substr(e.start_byte, e.end_byte - e.start_byte) != e.new_text;
  });
}

// Stale docstrings, reported only where --update changes them: a check must be satisfiable by the
// fix it proposes. What --update leaves as it is (DOC502: raises documented by a human for an
// exception a callee raises) is not a finding; neither is a mismatch whose edit was dropped.
void add_stale_findings(const parser::ParseResult& parsed, std::string_view source,
                        const docstring::FileResult& composed,
                        const docstring::FindingFilter& wanted, const parser::LineIndex& lines,
                        std::vector<Finding>& findings) {
  for (const auto& d : parsed.definitions) {
    if (!d.docstring || !rewrites_docstring(d, source, composed)) continue;
    for (const auto& m : docstring::find_mismatches(d))
      if (m.fixable && wanted(d, m.code))
        findings.push_back(finding_at(lines, d, m.code, m.message + display_name(d)));
  }
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

  docstring::RenderOptions render = req.render;
  if (req.style_from_file)
    if (auto style = file_style(parsed)) render.style = *style;
  parser::LineIndex lines(src->text);
  const docstring::FindingFilter wanted = [&](const parser::Definition& d, std::string_view code) {
    return req.rules.selected(code) && !suppressed_by_noqa(definition_line(src->text, d), code);
  };
  for (const auto& m : docstring::find_missing(parsed, src->text, render.include_private))
    if (wanted(*m.def, m.code))
      out.findings.push_back(finding_at(lines, *m.def, m.code, m.message + display_name(*m.def)));
  auto mode = req.update ? docstring::FileMode::MissingAndStale : docstring::FileMode::Missing;
  auto composed = docstring::compose_file(src->text, parsed, provider, render, mode, {}, wanted);
  if (req.update) {
    add_stale_findings(parsed, src->text, composed, wanted, lines, out.findings);
    std::stable_sort(out.findings.begin(), out.findings.end(),
                     [](const Finding& a, const Finding& b) {
                       return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
  }
  if (composed.edits.empty() || composed.new_source == src->text) return out;

  if (std::string problem = verify(parsed, composed.new_source, composed, req.module_name);
      !problem.empty()) {
    out.status = Status::Skipped;
    out.skip_reason = problem;
    return out;
  }
  src->text = std::move(composed.new_source);
  auto encoded = encode_source(*src, why); // in the file's own encoding (latin-1, ...)
  if (!encoded) {
    out.status = Status::Skipped;
    out.skip_reason = why;
    return out;
  }
  for (const auto& doc : composed.docstrings) (doc.replaces_existing ? out.updated : out.added)++;
  out.output = std::move(*encoded);
  out.status = Status::Changed;
  return out;
}

} // namespace axl::annotate
