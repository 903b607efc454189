// The model-backed summary provider: guards, parameter facts, fallback, loading, cancellation.
#include "model/gguf_keys.h"
#include "training/model_provider.h"

#include "docstring/composer.h"
#include "docstring/facts.h"
#include "docstring/heuristic_summary.h"
#include "model/trainer.h"
#include "model/weights.h"
#include "parser/context_window.h"
#include "parser/python_parser.h"
#include "text/text_util.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <thread>
#include <unistd.h>

using namespace axl;
using training::PromptTask;
using training::reject_reason;

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

const std::string kFetch = "def fetch(url: str, retries: int = 3) -> bytes:\n"
                           "    if retries < 0:\n"
                           "        raise ValueError(\"retries must not be negative at all\")\n"
                           "    # try the mirror first when the primary host is down\n"
                           "    return download(url, retries)\n";

} // namespace

TEST_CASE("guards accept ordinary prose", "[provider][guards]") {
  CHECK_FALSE(reject_reason(PromptTask::Summary, "Fetch a URL, retrying on failure.", kFetch));
  CHECK_FALSE(reject_reason(PromptTask::Summary, "Download the page (with retries).", kFetch));
  CHECK_FALSE(reject_reason(PromptTask::Summary, "Café menu for the `url`.", kFetch));
  CHECK_FALSE(reject_reason(PromptTask::Param, "The address to download.", kFetch, "url"));
  CHECK_FALSE(reject_reason(PromptTask::Param, "How many times to retry.", kFetch, "retries"));
  CHECK_FALSE(reject_reason(PromptTask::Returns, "The body.", kFetch));
  CHECK_FALSE(reject_reason(PromptTask::Summary, "Return a list of views from a list of patterns.",
                            kFetch));
  CHECK_FALSE(reject_reason(PromptTask::Summary, "Same as RawIOBase.readinto().", kFetch));
  CHECK_FALSE(reject_reason(PromptTask::Summary, "Map each dtype -> its constructor.", kFetch));
  // A name from the code is not an echo of it.
  CHECK_FALSE(reject_reason(PromptTask::Summary, "Raise a ValueError.", kFetch));
  // Words of a comment are prose the summary may reuse.
  CHECK_FALSE(reject_reason(PromptTask::Summary,
                            "Try the mirror first when the primary host is down.", kFetch));
}

TEST_CASE("guards reject empty, over-long and too-short text", "[provider][guards]") {
  CHECK(reject_reason(PromptTask::Summary, "", kFetch) == "empty");
  CHECK(reject_reason(PromptTask::Summary, "   ", kFetch) == "empty");
  std::string long_text = "Fetch";
  while (long_text.size() <= training::kMaxTargetBytes) long_text += " more words";
  CHECK(reject_reason(PromptTask::Summary, long_text, kFetch)->starts_with("too long"));
  CHECK(reject_reason(PromptTask::Summary, "Fetch.", kFetch) == "too short");
  CHECK(reject_reason(PromptTask::Returns, "x", kFetch) == "too short");
  for (const char* start : {"- fetch a page.", "(internal) Fetch a page.", "2-D transform of it.",
                            "_helper for the download.", "'Safe' fetching."})
    CHECK(reject_reason(PromptTask::Summary, start, kFetch) == "does not start with a letter");
  CHECK(reject_reason(PromptTask::Param, "Retries.", kFetch, "retries") ==
        "only repeats the parameter's name");
}

TEST_CASE("guards reject bytes that are not printable UTF-8", "[provider][guards]") {
  for (std::string bad :
       {std::string("Fetch a\x01 page."), std::string("Fetch a\tpage."),
        std::string("Fetch a page\x7f."), std::string("Fetch \xff\xfe page."),
        std::string("Fetch a caf\xc3"), std::string("Fetch \xc3\x28 page."),
        std::string("Fetch \xc2\x85 page."), std::string("Fetch \xed\xa0\x80.")}) {
    INFO(bad);
    CHECK(reject_reason(PromptTask::Summary, bad, kFetch) ==
          "has bytes that are not printable UTF-8");
  }
}

TEST_CASE("guards reject repetition", "[provider][guards]") {
  for (const char* bad :
       {"Return the number of the number of items.", "Fetch the the the page.", "Fetch aaaa page.",
        "Fetch the page....", "Fetch abababab things.", "Get a, b, a, b, a, b, values.",
        "Returns the same of the containing the same and a set of the same."}) {
    INFO(bad);
    auto why = reject_reason(PromptTask::Summary, bad, kFetch);
    REQUIRE(why);
    CHECK((why->find("repeats") != std::string::npos ||
           why->find("three times") != std::string::npos));
  }
}

TEST_CASE("guards reject a word said twice in a row", "[provider][guards]") {
  // What the shipped model wrote on val, judged garbled blind (models/README.md).
  for (const char* bad : {"Delete the existing existing.", "Update the endpoint endpoint.",
                          "Return the nearest neighbors of the neighbor neighbor."}) {
    INFO(bad);
    auto why = reject_reason(PromptTask::Summary, bad, kFetch);
    REQUIRE(why);
    CHECK(why->find("twice in a row") != std::string::npos);
  }
  CHECK_FALSE(reject_reason(PromptTask::Summary, "Check that that page is fetched.", kFetch));
  CHECK_FALSE(reject_reason(PromptTask::Param, "A list of of items", kFetch) ==
              std::nullopt); // short words twice are just as broken
}

TEST_CASE("guards reject code and echoes of the signature or body", "[provider][guards]") {
  for (const char* bad :
       {"def fetch(url: str, retries: int = 3) -> bytes:", "return download(url, retries)",
        "Set x = 1 before calling.", "Uses {url} as a key.", "Returns \"\"\"docs.",
        "Check if a == b holds.", "os.path, sys.argv and my_var.", "@property of the page",
        "getparser() -> parser", "Return the value (of the url.", "Return the `url value.",
        "import os and sys", "Fetch url: str, retries: int = 3"}) {
    INFO(bad);
    CHECK(reject_reason(PromptTask::Summary, bad, kFetch));
  }
  const std::string scale = "def scale(x: float, factor: float) -> float:\n    return x * factor\n";
  CHECK(reject_reason(PromptTask::Summary, "Like scale(x: float, factor: float) but faster.",
                      scale) == "echoes the signature");
  CHECK(reject_reason(PromptTask::Summary, "Return x * factor.", scale) == "echoes the code");
  CHECK_FALSE(reject_reason(PromptTask::Summary, "Like scale() but faster.", scale));
  // The body's code word for word; its string literals and comments are prose, not code.
  CHECK(reject_reason(PromptTask::Summary, "Return download(url, retries) again.", kFetch) ==
        "echoes the code");
  CHECK_FALSE(reject_reason(PromptTask::Summary, "Retries must not be negative at all.", kFetch));
}

TEST_CASE("a summary must share a word with the code", "[provider][guards]") {
  using training::grounded_in;
  const std::string get_item = "def get_item(self, sku: str) -> Item:\n"
                               "    if sku not in self._items:\n"
                               "        raise KeyError(sku)\n";
  CHECK(grounded_in("Return the item with this SKU.", get_item));
  CHECK(grounded_in("Look up one of the items.", get_item)); // "items": the same first 4 letters
  CHECK(grounded_in("Fail with a key error.", get_item));    // KeyError: camelCase parts
  // An undertrained model's fluent nonsense; common words alone do not count.
  CHECK_FALSE(grounded_in("Compute the server of the server.", get_item));
  // A shared prefix is not enough: "containing" is not an inflection of "context".
  CHECK_FALSE(grounded_in("Convert the containing text.", "def f(context):"));
  CHECK(grounded_in("Sum the quantities.", "def total_quantity(self):"));
  CHECK_FALSE(grounded_in("Return the value of the same string.", get_item));
  CHECK_FALSE(grounded_in("", get_item));
  // The price: a real summary in other words than the code's.
  CHECK_FALSE(grounded_in("Singular value decomposition.", "def svd(a, full_matrices=True):"));
}

TEST_CASE("epytext inline markup is made style-neutral", "[provider][guards]") {
  using training::tidy_field;
  CHECK(tidy_field("Return a L{Deferred} that fires.") == "Return a Deferred that fires.");
  CHECK(tidy_field("Call C{self._run} with I{all} args.") == "Call `self._run` with all args.");
  CHECK(tidy_field("Wrap L{C{x}} and B{y{z}}.") == "Wrap `x` and y{z}.");
  CHECK(tidy_field("Keep XL{a} and L{open") == "Keep XL{a} and L{open");
  CHECK(tidy_field("No markup here.") == "No markup here.");
}

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
  training::ModelSummaryProvider provider(random_model(model::Config::tiny()));
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

  training::ModelProviderOptions opts;
  opts.max_tokens = 99;
  {
    training::ModelSummaryProvider provider(m, opts);
    std::stop_source stopped;
    stopped.request_stop();
    auto t = provider.describe(def, window, stopped.get_token());
    CHECK(provider.stats().asked == 0);
    CHECK(provider.stats().tokens == 0);
    CHECK(t.summary.empty());
  }
  // How long one summary takes uninterrupted (this random model never ends a field by itself).
  training::ModelSummaryProvider whole(m, opts);
  training::PromptRequest summary;
  summary.code = window;
  auto t0 = std::chrono::steady_clock::now();
  whole.ask(summary, {});
  const double field_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int field_tokens = whole.stats().tokens;
  REQUIRE(field_tokens >= 50);

  // Stopped a quarter of the way into the first field: it ends within a fraction of a field.
  training::ModelSummaryProvider provider(m, opts);
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
  auto absent = training::load_summary_provider(missing);
  CHECK_FALSE(absent.uses_model());
  CHECK(absent.reason() ==
        "model file not found: " + missing + "; docstring prose comes from the name heuristic");
  CHECK(absent.make()->name() == "heuristic");

  const std::string garbage = (dir.path / "garbage.gguf").string();
  std::ofstream(garbage) << "GGUF but not really a model file";
  auto invalid = training::load_summary_provider(garbage);
  CHECK_FALSE(invalid.uses_model());
  CHECK(invalid.reason().starts_with("cannot use model " + garbage + ": "));
  CHECK(invalid.make()->name() == "heuristic");

  const std::string good = (dir.path / "tiny.gguf").string();
  auto m = random_model(model::Config::tiny());
  model::save_model(good, m->cfg, m->w, model::DType::F16);
  auto loaded = training::load_summary_provider(good);
  REQUIRE(loaded.uses_model());
  CHECK(loaded.reason().empty());
  CHECK(loaded.model()->path == good);
  auto a = loaded.make(), b = loaded.make();
  CHECK(a->name() == "axl-model");
  CHECK(b->name() == "axl-model");

  CHECK_FALSE(training::SummaryProviderSource::heuristic().uses_model());
}

TEST_CASE("a model already loaded from a file writes under that file's gate", "[provider]") {
  // `serve` loads the model once for completions and docstrings: its docstring prose must obey
  // the file's confidence gate as `annotate` does (a file without one has every gate closed).
  TempDir dir;
  auto m = random_model(model::Config::tiny());
  const std::string path = (dir.path / "uncalibrated.gguf").string();
  model::save_model(path, m->cfg, m->w, model::DType::F16, training::prompt_metadata());
  auto loaded = std::make_shared<const model::Model>(model::load_model(path));
  auto source = training::summary_provider_for(loaded);
  REQUIRE(source.uses_model());
  auto provider = source.make();
  const std::string src = "def f(x):\n    return x + 1\n";
  auto parsed = parser::parse_python(src);
  const auto& def = parsed.definitions.back();
  CHECK(provider->describe(def, parser::context_window(src, def)).summary.empty());
  auto* model_provider = dynamic_cast<training::ModelSummaryProvider*>(provider.get());
  REQUIRE(model_provider);
  CHECK(model_provider->stats().asked == 0); // a closed gate decodes nothing
}

TEST_CASE("loading: a model trained on another prompt format gives the heuristic", "[provider]") {
  TempDir dir;
  auto m = random_model(model::Config::tiny());
  const std::string current = (dir.path / "current.gguf").string();
  model::save_model(current, m->cfg, m->w, model::DType::F16, training::prompt_metadata());
  CHECK(model::GgufFile::open(current)->get_u32(model::key::kPromptFormatVersion) ==
        training::kPromptFormatVersion);
  CHECK(training::load_summary_provider(current).uses_model());

  const std::string other = (dir.path / "other.gguf").string();
  model::GgufMetadata future{{std::string(model::key::kPromptFormatVersion),
                              model::GgufValue::make_u32(training::kPromptFormatVersion + 1)}};
  model::save_model(other, m->cfg, m->w, model::DType::F16, future);
  auto refused = training::load_summary_provider(other);
  CHECK_FALSE(refused.uses_model());
  CHECK(refused.reason().find(
            fmt::format("trained on prompt format {}", training::kPromptFormatVersion + 1)) !=
        std::string::npos);
  CHECK(refused.make()->name() == "heuristic");
}

TEST_CASE("the provider cache loads a file once and reloads it when it changes", "[provider]") {
  TempDir dir;
  const std::string path = (dir.path / "m.gguf").string();
  training::SummaryProviderCache cache;
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
  auto pool = std::make_shared<training::DecoderPool>(random_model(model::Config::tiny()));
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
  training::PromptRequest summary;
  summary.code = kFetch;
  training::ModelProviderOptions opts;
  opts.max_tokens = 7;
  training::ModelSummaryProvider capped(m, opts);
  capped.ask(summary, {});
  CHECK(capped.stats().tokens == 7);
  capped.ask(summary, {});
  CHECK(capped.stats().tokens == 14);
  opts.max_tokens = 1000; // never past the context: BOS + prompt + answer + EOS <= 256
  training::ModelSummaryProvider roomy(m, opts);
  roomy.ask(summary, {});
  CHECK(roomy.stats().tokens == static_cast<int>(training::kContextTokens) - 2 -
                                    static_cast<int>(training::build_prompt(summary).size()));

  auto noisy = random_model(model::Config::tiny(), 11, 0.5f);
  opts.max_tokens = 24;
  training::ModelSummaryProvider greedy_a(noisy, opts), greedy_b(noisy, opts);
  CHECK(greedy_a.ask(summary, {}) == greedy_b.ask(summary, {})); // greedy: deterministic
  std::set<std::string> sampled;
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    opts.temperature = 1.0f;
    opts.top_k = 0;
    opts.seed = seed;
    training::ModelSummaryProvider p(noisy, opts);
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
  training::SummaryProviderChooser chooser(training::load_summary_provider(a), a,
                                           [&](const std::string& why) { said.push_back(why); });
  training::ModelProviderOptions opts;
  opts.max_tokens = 17;
  opts.temperature = 0.25f;
  auto model_of = [](const std::unique_ptr<docstring::SummaryProvider>& p) {
    auto* mp = dynamic_cast<training::ModelSummaryProvider*>(p.get());
    return mp ? mp->model() : nullptr;
  };
  auto start = chooser.make("", opts);
  REQUIRE(model_of(start));
  auto* sp = dynamic_cast<training::ModelSummaryProvider*>(start.get());
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
  training::SummaryProviderChooser none(training::SummaryProviderSource::heuristic("absent"), "");
  CHECK(none.make("", opts)->name() == "heuristic");
  CHECK(none.make(a, opts)->name() == "axl-model");
  CHECK(training::resolve_model_path("~/m.gguf") ==
        fs::weakly_canonical(fs::path(std::getenv("HOME")) / "m.gguf").string());
}

TEST_CASE("a model that learned its answers writes the prose, and the parser keeps the facts",
          "[provider][trained]") {
  // A small model overfits the three answers of one function, taught exactly as `train` does.
  model::Config cfg = model::Config::tiny();
  cfg.ctx = static_cast<int>(training::kContextTokens);
  cfg.d_model = 32, cfg.n_head = 2, cfg.d_ff = 64, cfg.n_layer = 1;
  model::TrainHyper h;
  h.lr = 1e-2f, h.min_lr = 1e-3f, h.warmup_steps = 10, h.total_steps = 300;
  h.weight_decay = 0.0f, h.threads = 1;
  model::Trainer trainer(cfg, h, 5);
  const std::string src = "def fetch(url, retries):\n    return download(url, retries)\n";
  const auto def = parse_def(src, "fetch");
  const std::string window = parser::context_window(src, def);
  const std::string summary = "Fetch a page, trying again on failure.";
  std::vector<std::vector<int>> seqs;
  std::vector<std::vector<float>> weights;
  auto teach = [&](training::PromptTask task, std::string_view param, std::string_view answer,
                   std::string_view code) {
    training::PromptRequest r;
    r.task = task;
    r.code = code;
    r.summary = summary;
    r.param = param;
    auto seq = training::build_training_sequence(r, answer);
    seqs.push_back(seq.tokens);
    weights.push_back(seq.weights);
  };
  teach(PromptTask::Summary, "", summary, window);
  teach(PromptTask::Param, "url", "Where the page is.", window);
  teach(PromptTask::Param, "retries", "How often to try again.", window);
  teach(PromptTask::Returns, "", "aaaa aaaa", window); // a bad answer: the guards drop it
  // A summary in other words than its code's: dropped unless grounded_summary is off.
  const std::string svd_src = "def svd(a):\n    return a\n";
  const auto svd = parse_def(svd_src, "svd");
  const std::string svd_window = parser::context_window(svd_src, svd);
  teach(PromptTask::Summary, "", "Singular value decomposition.", svd_window);
  const auto batch = model::TrainBatch::from_weighted(seqs, weights, cfg.ctx);
  double loss = 0;
  for (int i = 0; i < h.total_steps; ++i) loss = trainer.step(batch).stats.loss;
  INFO("final loss " << loss);
  REQUIRE(loss < 0.05);

  auto m = std::make_shared<const model::Model>(trainer.model());
  training::ModelSummaryProvider provider(m);
  auto text = provider.describe(def, window);
  CHECK(text.summary == summary);
  CHECK(text.params.at("url") == "Where the page is.");
  CHECK(text.params.at("retries") == "How often to try again.");
  CHECK(text.returns.empty());
  CHECK(provider.stats().asked == 4);
  CHECK(provider.stats().accepted == 3);
  CHECK(provider.last_rejection() == "repeats the byte 'a'");

  training::ModelSummaryProvider grounded(m);
  const auto svd_text = grounded.describe(svd, svd_window);
  CHECK(svd_text.summary.empty());
  // Without the model's summary the rest is the heuristic's: not even asked.
  CHECK(grounded.stats().asked == 1);
  CHECK(svd_text.params.empty());
  CHECK(svd_text.returns.empty());
  training::ModelProviderOptions free_opts;
  free_opts.grounded_summary = false;
  training::ModelSummaryProvider ungrounded(m, free_opts);
  CHECK(ungrounded.describe(svd, svd_window).summary == "Singular value decomposition.");

  // Composed: the model's words, the type-only returns, exactly the signature's parameters.
  const auto parsed = parser::parse_python(src);
  training::ModelSummaryProvider fresh(m);
  auto doc = docstring::compose_docstring(src, parsed.definitions.at(1), fresh, {});
  CHECK(doc.text == "Fetch a page, trying again on failure.\n"
                    "\n"
                    "Args:\n"
                    "    url: Where the page is.\n"
                    "    retries: How often to try again.\n"
                    "\n"
                    "Returns:\n"
                    "    object"); // nothing worth writing: the type alone, not "The result."
}
