// The model-backed summary provider: parameter facts, fallback, loading, cancellation, the
// decoder pool and the per-request model choice.
#include "model/gguf_keys.h"
#include "prose/decoder_pool.h"
#include "prose/model_summary_provider.h"
#include "prose/provider_chooser.h"

#include "docstring/composer.h"
#include "docstring/facts.h"
#include "docstring/heuristic_summary.h"
#include "model/trainer.h"
#include "model/weights.h"
#include "parser/context_window.h"
#include "parser/python_parser.h"
#include "text/text_util.h"

#include "tests/prose/fixtures.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <thread>
#include <unistd.h>

using namespace axl;
using prose::PromptTask;

namespace {

namespace fs = std::filesystem;

std::shared_ptr<const model::Model> random_model(const model::Config& cfg, uint64_t seed = 7,
                                                 float std = 0.02f) {
  auto p = std::make_shared<model::ParamBuffer>(cfg);
  model::init_random(*p, seed, std);
  return std::make_shared<const model::Model>(model::model_from_params(p));
}

parser::Definition parse_def(const std::string& src, const std::string& name) {
  for (auto& d : parser::parse_python(src).definitions)
    if (d.name == name) return d;
  FAIL("no definition " << name);
  return {};
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("axl-provider-" + std::to_string(getpid()) + "-" +
                                        std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const std::string& kFetch = test::kFetchWithBody;

} // namespace

// docstring::documentable_params() is the one rule: the provider asks the model for what the corpus
// (training/dataset_builder.cpp) taught it, a dataclass's own __init__ parameters included.
TEST_CASE("the parser decides which parameters get descriptions", "[provider]") {
  const std::string src = "class Shop:\n"
                          "    def __init__(self, name, *items, open_now=True, **extra):\n"
                          "        pass\n"
                          "    def sell(self, item, /, count=1):\n"
                          "        return count\n"
                          "    @classmethod\n"
                          "    def build(cls):\n"
                          "        return cls('x')\n"
                          "@dataclass\n"
                          "class Point:\n"
                          "    x: int\n"
                          "    y: int\n"
                          "@dataclass(init=False)\n"
                          "class Size:\n"
                          "    width: int\n"
                          "    def __init__(self, width, _unit='px'):\n"
                          "        self.width = width\n";
  auto names = [](const parser::Definition& d) {
    std::vector<std::string> out;
    for (auto* p : docstring::documentable_params(d)) out.push_back(p->name);
    return out;
  };
  CHECK(names(parse_def(src, "Shop")) ==
        std::vector<std::string>{"name", "items", "open_now", "extra"});
  CHECK(names(parse_def(src, "__init__")) ==
        std::vector<std::string>{"name", "items", "open_now", "extra"});
  CHECK(names(parse_def(src, "sell")) == std::vector<std::string>{"item", "count"});
  CHECK(names(parse_def(src, "build")).empty());
  CHECK(names(parse_def(src, "Point")).empty());
  CHECK(parse_def(src, "Size").is_dataclass);
  CHECK(names(parse_def(src, "Size")) == std::vector<std::string>{"width", "_unit"});
  const auto parsed = parser::parse_python(src);
  REQUIRE(parsed.definitions.front().kind == parser::DefKind::Module);
  CHECK(names(parsed.definitions.front()).empty());
}

TEST_CASE("a random-weight model's text is rejected and the heuristic fills every field",
          "[provider]") {
  const std::string src = "def fetch(url: str, retries: int = 3) -> bytes:\n"
                          "    return download(url, retries)\n"
                          "\n"
                          "class Shop:\n"
                          "    def __init__(self, name, *items, open_now=True, **extra):\n"
                          "        self.name = name\n"
                          "    def sell(self, item, count=1):\n"
                          "        return item * count\n"
                          "    def close(self):\n"
                          "        pass\n";
  prose::ModelSummaryProvider provider(random_model(model::Config::tiny()));
  CHECK(provider.name() == "axl-model");
  const auto parsed = parser::parse_python(src);
  const auto with_model = docstring::compose_file(src, parsed, provider, {});
  docstring::HeuristicSummaryProvider heuristic;
  const auto with_heuristic = docstring::compose_file(src, parsed, heuristic, {});

  // One summary per documented definition but the module (its prose stays the heuristic's); each
  // is rejected, so no parameter or return description is asked after it.
  int summaries = 0;
  for (const auto& doc : with_model.docstrings)
    summaries += doc.kind != parser::DefKind::Module ? 1 : 0;
  CHECK(summaries == 5);
  CHECK(provider.stats().asked == summaries);
  CHECK(provider.stats().rejected == provider.stats().asked);
  CHECK(provider.stats().tokens > 0);
  CHECK_FALSE(provider.last_rejection().empty());
  CHECK(with_model.new_source == with_heuristic.new_source);

  // Whatever the model says, the docstrings document exactly the signatures' parameters.
  for (const auto& def : parser::parse_python(with_model.new_source).definitions) {
    INFO(def.qualified_name);
    REQUIRE(def.docstring);
    std::vector<std::string> documented, expected;
    for (const auto& item : def.docstring->params)
      documented.push_back(text::strip_stars(item.name));
    for (const auto* p : docstring::documentable_params(def)) expected.push_back(p->name);
    if (def.kind == parser::DefKind::Class || def.name == "__init__") {
      // The class docstring or __init__'s documents them (RenderOptions::init_args).
      if (!documented.empty()) CHECK(documented == expected);
    } else {
      CHECK(documented == expected);
    }
  }
  // The __init__ parameters are documented once, in full.
  size_t init_docs = 0;
  for (const auto& def : parser::parse_python(with_model.new_source).definitions)
    if (def.name == "Shop" || def.name == "__init__") init_docs += def.docstring->params.size();
  CHECK(init_docs == 4);
}

TEST_CASE("a provider honours its stop token promptly", "[provider][cancel]") {
  // A full-size model, so one field costs far longer than the allowance below.
  auto m = random_model(model::Config{}, 3);
  std::string src = "def many(";
  for (int i = 0; i < 12; ++i) src += (i ? ", " : "") + std::string("arg") + std::to_string(i);
  src += "):\n    return arg0\n";
  const auto def = parse_def(src, "many");
  const std::string window = parser::context_window(src, def);

  prose::ModelProviderOptions opts;
  opts.max_tokens = 99;
  {
    prose::ModelSummaryProvider provider(m, opts);
    std::stop_source stopped;
    stopped.request_stop();
    auto t = provider.describe(def, window, stopped.get_token());
    CHECK(provider.stats().asked == 0);
    CHECK(provider.stats().tokens == 0);
    CHECK(t.summary.empty());
  }
  // How long one summary takes uninterrupted (this random model never ends a field by itself).
  prose::ModelSummaryProvider whole(m, opts);
  prose::PromptRequest summary;
  summary.code = window;
  auto t0 = std::chrono::steady_clock::now();
  whole.ask(summary, {});
  const double field_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int field_tokens = whole.stats().tokens;
  REQUIRE(field_tokens >= 50);

  // Stopped a quarter of the way into the first field: it ends within a fraction of a field.
  prose::ModelSummaryProvider provider(m, opts);
  std::stop_source stop;
  std::chrono::steady_clock::time_point requested;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::duration<double>(field_seconds / 4));
    requested = std::chrono::steady_clock::now();
    stop.request_stop();
  });
  auto text = provider.describe(def, window, stop.get_token());
  const auto done = std::chrono::steady_clock::now();
  canceller.join();
  const double after_stop = std::chrono::duration<double>(done - requested).count();
  INFO("one field: " << field_seconds << " s, " << field_tokens << " bytes; returned " << after_stop
                     << " s after the stop, " << provider.stats().tokens << " bytes generated");
  CHECK(after_stop < std::max(0.05, field_seconds / 2));
  CHECK(provider.stats().tokens < field_tokens); // cut inside the first field
  CHECK(provider.stats().asked == 0);            // a stopped field is not an answer
  CHECK(text.summary.empty());
  CHECK(text.params.empty());
}

TEST_CASE("loading: a missing or invalid file gives the heuristic and a reason", "[provider]") {
  TempDir dir;
  const std::string missing = (dir.path / "none.gguf").string();
  auto absent = prose::load_summary_provider(missing);
  CHECK_FALSE(absent.uses_model());
  CHECK(absent.reason() ==
        "model file not found: " + missing + "; docstring prose comes from the name heuristic");
  CHECK(absent.make()->name() == "heuristic");

  const std::string garbage = (dir.path / "garbage.gguf").string();
  std::ofstream(garbage) << "GGUF but not really a model file";
  auto invalid = prose::load_summary_provider(garbage);
  CHECK_FALSE(invalid.uses_model());
  CHECK(invalid.reason().starts_with("cannot use model " + garbage + ": "));
  CHECK(invalid.make()->name() == "heuristic");

  const std::string good = (dir.path / "tiny.gguf").string();
  auto m = random_model(model::Config::tiny());
  model::save_model(good, m->cfg, m->w, model::DType::F16);
  auto loaded = prose::load_summary_provider(good);
  REQUIRE(loaded.uses_model());
  CHECK(loaded.reason().empty());
  CHECK(loaded.model()->path == good);
  auto a = loaded.make(), b = loaded.make();
  CHECK(a->name() == "axl-model");
  CHECK(b->name() == "axl-model");

  CHECK_FALSE(prose::SummaryProviderSource::heuristic().uses_model());
}

TEST_CASE("a model already loaded from a file writes under that file's gate", "[provider]") {
  // `serve` loads the model once for completions and docstrings: its docstring prose must obey
  // the file's confidence gate as `annotate` does (a file without one has every gate closed).
  TempDir dir;
  auto m = random_model(model::Config::tiny());
  const std::string path = (dir.path / "uncalibrated.gguf").string();
  model::save_model(path, m->cfg, m->w, model::DType::F16, prose::prompt_metadata());
  auto loaded = std::make_shared<const model::Model>(model::load_model(path));
  auto source = prose::summary_provider_for(loaded);
  REQUIRE(source.uses_model());
  auto provider = source.make();
  const std::string src = "def f(x):\n    return x + 1\n";
  auto parsed = parser::parse_python(src);
  const auto& def = parsed.definitions.back();
  CHECK(provider->describe(def, parser::context_window(src, def)).summary.empty());
  auto* model_provider = dynamic_cast<prose::ModelSummaryProvider*>(provider.get());
  REQUIRE(model_provider);
  CHECK(model_provider->stats().asked == 0); // a closed gate decodes nothing
}

TEST_CASE("loading: a model trained on another prompt format gives the heuristic", "[provider]") {
  TempDir dir;
  auto m = random_model(model::Config::tiny());
  const std::string current = (dir.path / "current.gguf").string();
  model::save_model(current, m->cfg, m->w, model::DType::F16, prose::prompt_metadata());
  CHECK(model::GgufFile::open(current)->get_u32(model::key::kPromptFormatVersion) ==
        prose::kPromptFormatVersion);
  CHECK(prose::load_summary_provider(current).uses_model());

  const std::string other = (dir.path / "other.gguf").string();
  model::GgufMetadata future{{std::string(model::key::kPromptFormatVersion),
                              model::GgufValue::make_u32(prose::kPromptFormatVersion + 1)}};
  model::save_model(other, m->cfg, m->w, model::DType::F16, future);
  auto refused = prose::load_summary_provider(other);
  CHECK_FALSE(refused.uses_model());
  CHECK(refused.reason().find(fmt::format("trained on prompt format {}",
                                          prose::kPromptFormatVersion + 1)) != std::string::npos);
  CHECK(refused.make()->name() == "heuristic");
}

TEST_CASE("the provider cache loads a file once and reloads it when it changes", "[provider]") {
  TempDir dir;
  const std::string path = (dir.path / "m.gguf").string();
  prose::SummaryProviderCache cache;
  auto first = cache.get(path);
  CHECK_FALSE(first.uses_model()); // not there yet
  auto m = random_model(model::Config::tiny());
  model::save_model(path, m->cfg, m->w, model::DType::F16);
  auto second = cache.get(path);
  REQUIRE(second.uses_model());
  CHECK(cache.get(path).model() == second.model());         // the same mapping, not a second load
  model::save_model(path, m->cfg, m->w, model::DType::F32); // another size
  auto third = cache.get(path);
  REQUIRE(third.uses_model());
  CHECK(third.model() != second.model());
  CHECK(third.model()->dtype == model::DType::F32);
}

TEST_CASE("decoders return to the pool when a provider is done", "[provider]") {
  auto pool = std::make_shared<prose::DecoderPool>(random_model(model::Config::tiny()));
  model::Decoder* first = nullptr;
  {
    auto d = pool->take();
    first = d.get();
    CHECK(pool->idle() == 0);
    auto e = pool->take(); // in use: a second one
    CHECK(e.get() != first);
  }
  CHECK(pool->idle() == 2);
  auto again = pool->take();
  CHECK((again.get() != nullptr && pool->idle() == 1));
}

TEST_CASE("options reach the model: max_tokens caps a field, temperature samples", "[provider]") {
  auto m = random_model(model::Config{}, 3); // writes every field to the limit
  prose::PromptRequest summary;
  summary.code = kFetch;
  prose::ModelProviderOptions opts;
  opts.max_tokens = 7;
  prose::ModelSummaryProvider capped(m, opts);
  capped.ask(summary, {});
  CHECK(capped.stats().tokens == 7);
  capped.ask(summary, {});
  CHECK(capped.stats().tokens == 14);
  opts.max_tokens = 1000; // never past the context: BOS + prompt + answer + EOS <= 256
  prose::ModelSummaryProvider roomy(m, opts);
  roomy.ask(summary, {});
  CHECK(roomy.stats().tokens == static_cast<int>(prose::kContextTokens) - 2 -
                                    static_cast<int>(prose::build_prompt(summary).size()));

  auto noisy = random_model(model::Config::tiny(), 11, 0.5f);
  opts.max_tokens = 24;
  prose::ModelSummaryProvider greedy_a(noisy, opts), greedy_b(noisy, opts);
  CHECK(greedy_a.ask(summary, {}) == greedy_b.ask(summary, {})); // greedy: deterministic
  std::set<std::string> sampled;
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    opts.temperature = 1.0f;
    opts.top_k = 0;
    opts.seed = seed;
    prose::ModelSummaryProvider p(noisy, opts);
    sampled.insert(p.ask(summary, {}));
  }
  CHECK(sampled.size() > 1);
}

TEST_CASE("the chooser: start-up model, per-setting models, unusable paths said once",
          "[provider]") {
  TempDir dir;
  const std::string a = (dir.path / "a.gguf").string(), b = (dir.path / "b.gguf").string();
  auto m = random_model(model::Config::tiny());
  model::save_model(a, m->cfg, m->w, model::DType::F16);
  model::save_model(b, m->cfg, m->w, model::DType::F32);
  std::vector<std::string> said;
  prose::SummaryProviderChooser chooser(prose::load_summary_provider(a), a,
                                        [&](const std::string& why) { said.push_back(why); });
  prose::ModelProviderOptions opts;
  opts.max_tokens = 17;
  opts.temperature = 0.25f;
  auto model_of = [](const std::unique_ptr<docstring::SummaryProvider>& p) {
    auto* mp = dynamic_cast<prose::ModelSummaryProvider*>(p.get());
    return mp ? mp->model() : nullptr;
  };
  auto start = chooser.make("", opts);
  REQUIRE(model_of(start));
  auto* sp = dynamic_cast<prose::ModelSummaryProvider*>(start.get());
  CHECK(sp->options().max_tokens == 17);
  CHECK(sp->options().temperature == 0.25f);
  // The start-up file, however it is spelled, is not loaded again.
  CHECK(model_of(chooser.make((dir.path / "." / "a.gguf").string(), opts)) == model_of(start));
  auto other = chooser.make(b, opts);
  REQUIRE(model_of(other));
  CHECK(model_of(other) != model_of(start));
  CHECK(model_of(other)->dtype == model::DType::F32);
  CHECK(model_of(chooser.make(b, opts)) == model_of(other)); // kept
  const std::string missing = (dir.path / "missing.gguf").string();
  CHECK(chooser.make(missing, opts)->name() == "heuristic");
  CHECK(chooser.make(missing, opts)->name() == "heuristic");
  REQUIRE(said.size() == 1);
  CHECK(said[0] ==
        "model file not found: " + missing + "; docstring prose comes from the name heuristic");

  // Without a start-up model, an empty path is the heuristic; a setting may still name one.
  prose::SummaryProviderChooser none(prose::SummaryProviderSource::heuristic("absent"), "");
  CHECK(none.make("", opts)->name() == "heuristic");
  CHECK(none.make(a, opts)->name() == "axl-model");
  CHECK(prose::resolve_model_path("~/m.gguf") ==
        fs::weakly_canonical(fs::path(std::getenv("HOME")) / "m.gguf").string());
}
