#include "docstring/composer.h"

#include "docstring/heuristic_summary.h"
#include "docstring/imperative.h"
#include "docstring/render.h"
#include "docstring/text_util.h"
#include "parser/context_window.h"

#include <algorithm>

namespace axl::docstring {

namespace {

// The provider's prose, normalised and completed from the heuristic. Normalised before and after
// the gaps are filled: Returns may be read off the summary.
DocText finished(DocText text, const parser::Definition& def) {
  text.summary = imperative_summary(text.summary, def);
  fill_gaps(text, def);
  text.summary = imperative_summary(text.summary, def);
  return text;
}

DocText ask(std::string_view source, const parser::Definition& def, SummaryProvider& provider,
            std::stop_token stop) {
  DocText text;
  try {
    std::string window = parser::context_window(source, def);
    text = provider.describe(def, window, stop);
  } catch (...) {
    text = DocText{}; // a failing provider never costs the user a docstring
  }
  return finished(std::move(text), def);
}

// Prose for several definitions in one provider call (the model decodes them as one batch). If
// the provider throws, each is asked alone, so a failure costs only the definition that caused it.
std::vector<DocText> ask_all(std::string_view source,
                             const std::vector<const parser::Definition*>& defs,
                             SummaryProvider& provider, std::stop_token stop) {
  std::vector<std::string> windows;
  for (const auto* def : defs) windows.push_back(parser::context_window(source, *def));
  std::vector<SummaryProvider::Request> requests;
  for (size_t i = 0; i < defs.size(); ++i) requests.push_back({defs[i], windows[i]});
  std::vector<DocText> texts;
  try {
    texts = provider.describe_all(requests, stop);
  } catch (...) {
    texts.clear();
  }
  if (texts.size() != defs.size()) {
    texts.clear();
    for (const auto* def : defs) texts.push_back(ask(source, *def, provider, stop));
    return texts;
  }
  for (size_t i = 0; i < defs.size(); ++i) texts[i] = finished(std::move(texts[i]), *defs[i]);
  return texts;
}

// Mismatches of an existing docstring, when at least one is fixable (else: nothing to update).
std::optional<std::vector<Mismatch>> fixable_mismatches(const parser::Definition& def) {
  if (!def.docstring) return std::nullopt;
  auto mismatches = find_mismatches(def);
  if (std::none_of(mismatches.begin(), mismatches.end(),
                   [](const Mismatch& m) { return m.fixable; }))
    return std::nullopt;
  return mismatches;
}

// The literal placed at `def`'s docstring position (replacing the one it has).
ComposedDocstring composed(std::string_view source, const parser::Definition& def,
                           DocstringLiteral literal) {
  ComposedDocstring out;
  out.qualified_name = def.qualified_name;
  out.kind = def.kind;
  out.literal = std::move(literal);
  out.text = text::join_lines(out.literal.lines);
  out.edit = docstring_edit(source, def, out.literal);
  out.replaces_existing = def.docstring.has_value();
  return out;
}

ComposedDocstring compose_new(std::string_view source, const parser::Definition& def,
                              const DocText& text, const RenderOptions& opts) {
  int cols = indent_columns(docstring_indent(def));
  std::string value = render_docstring(def, text, opts, cols);
  return composed(source, def, encode_docstring(value, opts.quote, opts.summary_on_new_line));
}

std::optional<ComposedDocstring> compose_updated(std::string_view source,
                                                 const parser::Definition& def, const DocText& text,
                                                 const RenderOptions& opts,
                                                 std::vector<Mismatch> mismatches) {
  int cols = indent_columns(docstring_indent(def));
  auto lit = update_docstring(def, text, opts, cols);
  if (!lit) return std::nullopt; // (update_docstring needs an existing docstring)
  ComposedDocstring out = composed(source, def, std::move(*lit));
  out.mismatches = std::move(mismatches);
  return out;
}

} // namespace

ComposedDocstring compose_docstring(std::string_view source, const parser::Definition& def,
                                    SummaryProvider& provider, const RenderOptions& opts,
                                    std::stop_token stop) {
  return compose_new(source, def, ask(source, def, provider, stop), opts);
}

std::optional<ComposedDocstring> compose_update(std::string_view source,
                                                const parser::Definition& def,
                                                SummaryProvider& provider,
                                                const RenderOptions& opts, std::stop_token stop) {
  auto mismatches = fixable_mismatches(def);
  if (!mismatches) return std::nullopt;
  return compose_updated(source, def, ask(source, def, provider, stop), opts,
                         std::move(*mismatches));
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
  // What gets prose: every missing docstring and, with --update, every stale one (of the codes
  // wanted).
  std::vector<size_t> asked;
  std::vector<std::optional<std::vector<Mismatch>>> stale(parsed.definitions.size());
  for (size_t i = 0; i < parsed.definitions.size(); ++i) {
    if (!codes[i] && mode == FileMode::MissingAndStale) {
      stale[i] = fixable_mismatches(parsed.definitions[i]);
      if (stale[i] && !any_wanted(parsed.definitions[i], *stale[i])) stale[i].reset();
    }
    if (codes[i] || stale[i]) asked.push_back(i);
  }
  // A batch of definitions per provider call: the model decodes their fields together, and a
  // stop is honoured between batches (the batch it interrupts is not written).
  constexpr size_t kDefinitionsPerBatch = 16;
  for (size_t begin = 0; begin < asked.size(); begin += kDefinitionsPerBatch) {
    if (stop.stop_requested()) {
      res.cancelled = true;
      break;
    }
    const size_t end = std::min(asked.size(), begin + kDefinitionsPerBatch);
    std::vector<const parser::Definition*> defs;
    for (size_t k = begin; k < end; ++k) defs.push_back(&parsed.definitions[asked[k]]);
    auto texts = ask_all(source, defs, provider, stop);
    if (stop.stop_requested()) {
      res.cancelled = true;
      break;
    }
    for (size_t k = begin; k < end; ++k) {
      const size_t i = asked[k];
      const auto& def = parsed.definitions[i];
      std::optional<ComposedDocstring> doc;
      try {
        if (codes[i]) {
          doc = compose_new(source, def, texts[k - begin], opts);
          doc->code = *codes[i];
        } else {
          doc = compose_updated(source, def, texts[k - begin], opts, std::move(*stale[i]));
        }
      } catch (const std::invalid_argument&) {
        continue; // a definition whose body cannot take a docstring is left as it is
      }
      if (!doc) continue;
      doc->def_index = i;
      res.docstrings.push_back(std::move(*doc));
    }
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
