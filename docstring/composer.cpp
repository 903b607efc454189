#include "docstring/composer.h"

#include "docstring/heuristic_summary.h"
#include "docstring/imperative.h"
#include "docstring/render.h"
#include "docstring/text_util.h"
#include "parser/context_window.h"

#include <algorithm>

namespace axl::docstring {

namespace {

DocText ask(std::string_view source, const parser::Definition& def, SummaryProvider& provider,
            std::stop_token stop) {
  DocText text;
  try {
    std::string window = parser::context_window(source, def);
    text = provider.describe(def, window, stop);
  } catch (...) {
    text = DocText{}; // a failing provider never costs the user a docstring
  }
  // Normalised before and after the gaps are filled: Returns may be read off the summary.
  text.summary = imperative_summary(text.summary, def);
  fill_gaps(text, def);
  text.summary = imperative_summary(text.summary, def);
  return text;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += lines[i];
  }
  return out;
}

} // namespace

ComposedDocstring compose_docstring(std::string_view source, const parser::Definition& def,
                                    SummaryProvider& provider, const RenderOptions& opts,
                                    std::stop_token stop) {
  DocText text = ask(source, def, provider, stop);
  int cols = indent_columns(docstring_indent(def));
  ComposedDocstring out;
  out.qualified_name = def.qualified_name;
  out.kind = def.kind;
  std::string value = render_docstring(def, text, opts, cols);
  out.literal = encode_docstring(value, opts.quote, opts.summary_on_new_line);
  out.text = joined(out.literal.lines);
  out.edit = docstring_edit(source, def, out.literal);
  out.replaces_existing = def.docstring.has_value();
  return out;
}

std::optional<ComposedDocstring> compose_update(std::string_view source,
                                                const parser::Definition& def,
                                                SummaryProvider& provider,
                                                const RenderOptions& opts, std::stop_token stop) {
  if (!def.docstring) return std::nullopt;
  auto mismatches = find_mismatches(def, opts);
  if (std::none_of(mismatches.begin(), mismatches.end(),
                   [](const Mismatch& m) { return m.fixable; }))
    return std::nullopt;
  DocText text = ask(source, def, provider, stop);
  int cols = indent_columns(docstring_indent(def));
  auto lit = update_docstring(def, text, opts, cols);
  if (!lit) return std::nullopt;
  ComposedDocstring out;
  out.qualified_name = def.qualified_name;
  out.kind = def.kind;
  out.literal = std::move(*lit);
  out.text = joined(out.literal.lines);
  out.edit = docstring_edit(source, def, out.literal);
  out.replaces_existing = true;
  out.mismatches = std::move(mismatches);
  return out;
}

FileResult compose_file(std::string_view source, const parser::ParseResult& parsed,
                        SummaryProvider& provider, const RenderOptions& opts, FileMode mode,
                        std::stop_token stop) {
  return compose_file(source, parsed, provider, opts, mode, std::move(stop), {});
}

FileResult compose_file(std::string_view source, const parser::ParseResult& parsed,
                        SummaryProvider& provider, const RenderOptions& opts, FileMode mode,
                        std::stop_token stop, const FindingFilter& wanted) {
  FileResult res;
  std::vector<std::optional<std::string>> codes(parsed.definitions.size());
  for (const auto& m : find_missing(parsed, source, opts.include_private))
    if (!wanted || wanted(*m.def, m.code))
      codes[static_cast<size_t>(m.def - parsed.definitions.data())] = m.code;
  auto any_wanted = [&](const parser::Definition& def, const std::vector<Mismatch>& mismatches) {
    return !wanted || std::any_of(mismatches.begin(), mismatches.end(), [&](const Mismatch& m) {
      return m.fixable && wanted(def, m.code);
    });
  };
  for (size_t i = 0; i < parsed.definitions.size(); ++i) {
    if (stop.stop_requested()) {
      res.cancelled = true;
      break;
    }
    const auto& def = parsed.definitions[i];
    std::optional<ComposedDocstring> doc;
    try {
      if (codes[i]) {
        doc = compose_docstring(source, def, provider, opts, stop);
        doc->code = *codes[i];
      } else if (mode == FileMode::MissingAndStale && def.docstring) {
        doc = compose_update(source, def, provider, opts, stop);
        if (doc && !any_wanted(def, doc->mismatches)) doc.reset();
      }
    } catch (const std::invalid_argument&) {
      continue; // a definition whose body cannot take a docstring is left as it is
    }
    if (!doc) continue;
    doc->def_index = i;
    res.docstrings.push_back(std::move(*doc));
  }
  // Keep edits that do not overlap an earlier one (document order = edit order for docstrings).
  std::vector<ComposedDocstring> kept;
  std::stable_sort(res.docstrings.begin(), res.docstrings.end(), [](const auto& a, const auto& b) {
    return a.edit.start_byte < b.edit.start_byte;
  });
  for (auto& d : res.docstrings) {
    if (!kept.empty() && kept.back().edit.end_byte > d.edit.start_byte) continue;
    kept.push_back(std::move(d));
  }
  res.docstrings = std::move(kept);
  for (const auto& d : res.docstrings) res.edits.push_back(d.edit);
  res.new_source = apply_edits(source, res.edits);
  return res;
}

} // namespace axl::docstring
