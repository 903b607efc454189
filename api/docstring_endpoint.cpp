// POST /v1/docstrings: Python source -> docstrings + edits, via the composer the LSP and
// `annotate` use. Runs on the worker pool because the prose provider may be the model.
#include "api/api_error.h"
#include "api/service.h"
#include "api/shared_provider.h"
#include "docstring/composer.h"
#include "docstring/heuristic_summary.h"
#include "docstring/option_json.h"
#include "parser/python_parser.h"
#include "parser/text_position.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace axl::api {

using nlohmann::json;

namespace {

struct DocstringRequest {
  std::string code;
  docstring::RenderOptions opts;
  std::optional<uint32_t> line; // 1-based
  bool update = false;          // whole file: also rewrite stale docstrings
};

const json* field(const json& o, const char* name) {
  auto it = o.find(name);
  return it == o.end() || it->is_null() ? nullptr : &*it;
}

// At most this many definitions in one whole-file request: each may cost a model generation, and
// a request must end in reasonable time (README "POST /v1/docstrings").
constexpr size_t kMaxDefinitions = 1000;

// Definitions a worker takes at a time when a request's are shared between workers: small enough
// that the workers finish together, and the size of ModelSummaryProvider's batch for them (a
// batched beam search of 16 definitions was no faster per definition than of 1 to 4: 64 KV
// caches do not stay in cache; api/README.md "Benchmark").
constexpr size_t kDefinitionsPerTake = 4;

ApiError bad(const std::string& name, const std::string& message) {
  return invalid_request(message, name, "invalid_value");
}

bool get_bool(const json& body, const char* name, bool dflt) {
  const json* v = field(body, name);
  if (!v) return dflt;
  if (!v->is_boolean()) throw bad(name, fmt::format("'{}' must be a boolean.", name));
  return v->get<bool>();
}

DocstringRequest parse_request(const json& body) {
  DocstringRequest r;
  const json* code = field(body, "code");
  if (!code)
    throw invalid_request("Missing required parameter: 'code'.", "code",
                          "missing_required_parameter");
  if (!code->is_string()) throw bad("code", "'code' must be a string of Python source.");
  r.code = code->get<std::string>();
  // style, quote, width, include_private, include_types, summary_on_new_line: the option table's.
  for (const auto& spec : docstring::render_option_table()) {
    const std::string key = spec.api_key();
    const json* v = field(body, key.c_str());
    if (!v) continue;
    auto value = docstring::parse_option(spec, docstring::option_value(*v));
    if (!value) throw bad(key, docstring::option_problem("'" + key + "'", spec) + ".");
    spec.set(r.opts, *value);
  }
  if (const json* line = field(body, "line")) {
    if (!line->is_number_integer() || line->get<int64_t>() < 1 || line->get<int64_t>() > UINT32_MAX)
      throw bad("line", "'line' must be a positive integer (1-based).");
    r.line = static_cast<uint32_t>(line->get<int64_t>());
  }
  r.update = get_bool(body, "update", false);
  return r;
}

std::string_view kind_name(parser::DefKind k) {
  switch (k) {
  case parser::DefKind::Module:
    return "module";
  case parser::DefKind::Class:
    return "class";
  case parser::DefKind::Method:
    return "method";
  case parser::DefKind::Function:
    break;
  }
  return "function";
}

// The innermost definition whose lines include `line0` (0-based); the module when none does.
const parser::Definition* definition_at(const parser::ParseResult& parsed, uint32_t line0) {
  const parser::Definition* best = nullptr;
  for (const auto& d : parsed.definitions)
    if (d.range.start.line <= line0 && line0 <= d.range.end.line &&
        (!best || d.depth >= best->depth))
      best = &d;
  if (!best && !parsed.definitions.empty()) best = &parsed.definitions.front();
  return best;
}

json position(const parser::LineIndex& index, uint32_t byte) {
  const auto lc = index.to_line_column(byte, parser::ColumnUnit::Utf16);
  return {{"line", lc.line}, {"character", lc.column}};
}

json docstring_json(const docstring::ComposedDocstring& d, const parser::Definition& def) {
  return {{"name", d.qualified_name},
          {"kind", kind_name(d.kind)},
          {"line", def.name_range.start.line + 1},
          {"docstring", d.text},
          {"code", d.code.empty() ? json() : json(d.code)},
          {"replaces_existing", d.replaces_existing}};
}

json compose(const DocstringRequest& r, docstring::SummaryProvider& provider,
             std::stop_token stop) {
  const auto parsed = parser::parse_python(r.code);
  // As `annotate` refuses such a file: edits computed on a broken tree could corrupt the code.
  if (parsed.has_errors)
    throw invalid_request(fmt::format("'code' has a syntax error at line {}, column {}.",
                                      parsed.first_error.line + 1, parsed.first_error.column + 1),
                          "code", "syntax_error");
  if (!r.line && parsed.definitions.size() > kMaxDefinitions + 1) // + 1: the module
    throw ApiError(413,
                   fmt::format("'code' has {} definitions; at most {} are documented per request "
                               "(send parts of the file, or use 'line').",
                               parsed.definitions.size() - 1, kMaxDefinitions),
                   "invalid_request_error", "code", "too_many_definitions");
  const parser::LineIndex index(r.code);
  std::vector<docstring::ComposedDocstring> docs;
  std::vector<const parser::Definition*> defs;
  std::vector<docstring::TextEdit> edits;
  std::string new_code;
  if (r.line) {
    if (*r.line > index.line_count())
      throw bad("line", fmt::format("line {} is past the end of the code ({} lines).", *r.line,
                                    index.line_count()));
    const parser::Definition* def = definition_at(parsed, *r.line - 1);
    if (!def) throw bad("line", "there is no definition at this line.");
    try {
      auto d = docstring::compose_docstring(r.code, *def, provider, r.opts, stop);
      edits.push_back(d.edit);
      new_code = docstring::apply_edits(r.code, edits);
      docs.push_back(std::move(d));
      defs.push_back(def);
    } catch (const std::invalid_argument& e) {
      throw bad("line", fmt::format("cannot place a docstring here: {}", e.what()));
    }
  } else {
    auto file = docstring::compose_file(
        r.code, parsed, provider, r.opts,
        r.update ? docstring::FileMode::MissingAndStale : docstring::FileMode::Missing, stop);
    edits = std::move(file.edits);
    new_code = std::move(file.new_source);
    for (auto& d : file.docstrings) {
      defs.push_back(&parsed.definitions[d.def_index]); // names repeat (@overload stubs)
      docs.push_back(std::move(d));
    }
  }
  json out = {{"object", "docstrings"},
              {"provider", std::string(provider.name())},
              {"style", std::string(docstring::style_name(r.opts.style))},
              {"parse_errors", parsed.has_errors}};
  json arr = json::array();
  for (size_t i = 0; i < docs.size(); ++i) arr.push_back(docstring_json(docs[i], *defs[i]));
  json ed = json::array();
  for (const auto& e : edits)
    ed.push_back(
        {{"start_byte", e.start_byte},
         {"end_byte", e.end_byte},
         {"range",
          {{"start", position(index, e.start_byte)}, {"end", position(index, e.end_byte)}}},
         {"new_text", e.new_text}});
  out["docstrings"] = std::move(arr);
  out["edits"] = std::move(ed);
  out["new_code"] = std::move(new_code);
  return out;
}

} // namespace

void add_docstring_routes(Router& router, Service& s) {
  router.add(
      "POST", "/v1/docstrings",
      [&s](const Request& req, const std::string&, const std::shared_ptr<Exchange>& ex) {
        auto r = std::make_shared<DocstringRequest>(parse_request(parse_json_body(req.body)));
        submit_or_throw(s, [&s, ex, r](int worker) {
          if (ex->cancelled()) {
            ++s.stats.cancelled;
            return;
          }
          try {
            // The model's work is shared with the idle workers (shared_provider.h).
            std::unique_ptr<docstring::SummaryProvider> provider;
            if (s.config.summary_provider)
              provider = std::make_unique<SharedProvider>(s.config.summary_provider, worker, s.pool,
                                                          kDefinitionsPerTake);
            else
              provider = std::make_unique<docstring::HeuristicSummaryProvider>();
            json body = compose(*r, *provider, ex->stop_token());
            if (ex->cancelled()) { // the client went away while it was composed
              ++s.stats.cancelled;
              return;
            }
            ex->reply(200, body);
            ++s.stats.completed;
          } catch (const ApiError& e) {
            ex->reply(e.status, error_body(e));
          } catch (const std::exception& e) {
            std::fprintf(stderr, "axl-docs serve: docstrings failed: %s\n", e.what());
            ex->reply(500,
                      error_body(ApiError(500, "Composing docstrings failed.", "server_error")));
          }
        });
      });
}

} // namespace axl::api
