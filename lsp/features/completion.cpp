#include "completion.h"

#include "features.h"

#include "docstring/style.h"
#include "parser/python_parser.h"

namespace axl::lsp {

std::optional<QuoteTrigger> find_quote_trigger(const std::string& text, uint32_t cursor) {
  if (cursor > text.size()) return std::nullopt;
  size_t line_start = text.rfind('\n', cursor == 0 ? std::string::npos : cursor - 1);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  if (cursor < line_start + 3) return std::nullopt;
  std::string quote = text.substr(cursor - 3, 3);
  if (quote != "\"\"\"" && quote != "'''") return std::nullopt;
  size_t start = cursor - 3;
  if (start > line_start && std::string("rRuU").find(text[start - 1]) != std::string::npos) --start;
  for (size_t i = line_start; i < start; ++i)
    if (text[i] != ' ' && text[i] != '\t') return std::nullopt;
  size_t line_end = text.find('\n', cursor);
  if (line_end == std::string::npos) line_end = text.size();
  if (line_end > cursor && text[line_end - 1] == '\r') --line_end;
  std::string rest = text.substr(cursor, line_end - cursor);
  size_t closing = rest.find(quote);
  if (closing != std::string::npos) rest.erase(closing, 3);
  if (rest.find_first_not_of(" \t") != std::string::npos) return std::nullopt;
  return QuoteTrigger{static_cast<uint32_t>(start), static_cast<uint32_t>(line_end), quote};
}

std::optional<std::string> docstring_for_trigger(const Snapshot& snap, const QuoteTrigger& trigger,
                                                 const Settings& settings, DocstringEngine& engine,
                                                 std::stop_token stop) {
  // Stand-ins for the unfinished string, best first: the text without the quote's line (what the
  // definition was before the quote was typed: the model's prose prepared in the background for
  // it is in the cache), else `pass` in its place (when the quote is the whole body).
  const std::string module = module_name_from_uri(snap.uri);
  const size_t nl = snap.text.rfind('\n', trigger.start);
  const size_t line_start = nl == std::string::npos ? 0 : nl + 1;
  size_t after = trigger.line_end;
  if (after < snap.text.size() && snap.text[after] == '\r') ++after;
  if (after < snap.text.size() && snap.text[after] == '\n') ++after;
  std::string text = snap.text;
  text.erase(line_start, after - line_start);
  std::optional<Snapshot> stand_in;
  std::optional<size_t> index;
  auto find_definition = [&] {
    stand_in.emplace(snap.uri, snap.version, text, parser::parse_python(text, module));
    const auto& defs = stand_in->parsed.definitions;
    for (size_t i = 0; i < defs.size(); ++i)
      if (defs[i].kind != parser::DefKind::Module && defs[i].body_start_byte == trigger.start &&
          !defs[i].docstring && !defs[i].body_on_header_line)
        index = i;
  };
  if (trigger.start > line_start) find_definition(); // (a quote at column 0 is not in a body)
  if (!index) {
    text = snap.text;
    text.replace(trigger.start, trigger.line_end - trigger.start, "pass");
    find_definition();
  }
  const auto& defs = stand_in->parsed.definitions;
  // At the top of a module (before any statement): the module docstring.
  if (!index && !defs.empty() && defs[0].kind == parser::DefKind::Module && !defs[0].docstring &&
      text.find_first_not_of(" \t\r\n", 0) == trigger.start) {
    index = 0;
  }
  if (!index) return std::nullopt;

  // The quote style the user typed wins over the configured one.
  Settings s = settings;
  s.render.quote = trigger.quote;
  auto edit = engine.generate(*stand_in, *index, s, stop);
  if (!edit) return std::nullopt;
  // Read the literal back from the edited text: independent of how the edit is shaped.
  std::string edited = text;
  edited.replace(edit->start, edit->end - edit->start, edit->text);
  auto reparsed = parser::parse_python(edited, module);
  for (const auto& def : reparsed.definitions)
    if (def.qualified_name == defs[*index].qualified_name && def.docstring &&
        def.docstring->range.start_byte == trigger.start)
      return edited.substr(def.docstring->range.start_byte,
                           def.docstring->range.end_byte - def.docstring->range.start_byte);
  return std::nullopt;
}

namespace {

void complete(FeatureContext& ctx, const json& id, const TextDocumentPositionParams& p,
              std::shared_ptr<const Snapshot> snap) {
  if (snap->too_large) return ctx.reply(id, json::array()); // never parsed (kMaxParsedBytes)
  const ClientCaps& caps = ctx.caps();
  uint32_t cursor = snap->to_byte(p.position, caps.encoding);
  auto trigger = find_quote_trigger(snap->text, cursor);
  if (!trigger) return ctx.reply(id, json::array());
  Settings settings = ctx.settings_for(p.uri);
  ctx.run_async(
      id, [&ctx, snap, settings, cursor, trigger = *trigger](std::stop_token stop) -> json {
        auto literal = docstring_for_trigger(*snap, trigger, settings, ctx.engine(), stop);
        if (!literal) return json::array();
        const ClientCaps& caps = ctx.caps();
        Range range = snap->to_range(trigger.start, trigger.line_end, caps.encoding);
        json item = {{"label", trigger.quote + " docstring"},
                     {"kind", 15}, // Snippet
                     {"detail", "axl-docs: generate the " +
                                    std::string(docstring::style_name(settings.render.style)) +
                                    " docstring"},
                     {"documentation", {{"kind", "plaintext"}, {"value", *literal}}},
                     {"filterText", snap->text.substr(trigger.start, cursor - trigger.start)},
                     {"sortText", "0"},
                     {"preselect", true},
                     {"insertTextFormat", 1},
                     {"textEdit", {{"range", to_json(range)}, {"newText", *literal}}}};
        if (caps.insert_text_mode_as_is) item["insertTextMode"] = 1; // the text is indented already
        return json{{"isIncomplete", false}, {"items", json::array({item})}};
      });
}

void on_completion(FeatureContext& ctx, const json& id, const TextDocumentPositionParams& p) {
  ctx.with_snapshot(id, p.uri, [&ctx, id, p](std::shared_ptr<const Snapshot> snap) {
    complete(ctx, id, p, std::move(snap));
  });
}

} // namespace

void bind_completion(Binder& b, FeatureContext& ctx) {
  b.request(
      "textDocument/completion", parse_position_params, ctx, on_completion,
      {{"completionProvider", {{"triggerCharacters", {"\"", "'"}}, {"resolveProvider", false}}}});
}

} // namespace axl::lsp
