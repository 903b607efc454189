// Model subcommands: info, generate, bench, init (random weights until a trained model ships).
#include "app/model_option.h"
#include "command_registry.h"
#include "model/benchmark.h"
#include "model/blas.h"
#include "model/generate.h"
#include "model/model_location.h"
#include "prose/confidence_gate.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <map>
#include <random>

namespace {

using namespace axl::model;

void add_info(CLI::App& app) {
  auto* sub =
      app.add_subcommand("info", "Show a model file's configuration, parameter count and tensors");
  auto model = std::make_shared<std::string>();
  axl::app::add_model_option(sub, *model);
  sub->callback([model] {
    const auto path = require_model(*model);
    const auto t0 = std::chrono::steady_clock::now();
    const Model m = load_model(path);
    const double load_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const auto& c = m.cfg;
    const int64_t n = parameter_count(c);
    std::map<std::string, int> types;
    for (const auto& t : m.file->tensors) ++types[t.type == DType::F16 ? "f16" : "f32"];
    std::string scales;
    for (size_t i = 0; i < c.scales.size(); ++i)
      scales += fmt::format("{}{}", i ? ", " : "", c.scales[i]);
    std::string tstr;
    for (const auto& [k, v] : types) tstr += fmt::format("{}{} {}", tstr.empty() ? "" : ", ", v, k);
    fmt::print("file:            {}\n", path);
    fmt::print("file size:       {} bytes ({:.1f} MiB), loaded (mmap) in {:.1f} ms\n", m.file_size,
               m.file_size / 1048576.0, load_ms);
    fmt::print("architecture:    axl (multi-scale transformer), GGUF v{}\n", m.file->version);
    fmt::print("parameters:      {} ({:.2f}M)\n", n, n / 1e6);
    fmt::print("tensors:         {} ({})\n", m.file->tensors.size(), tstr);
    fmt::print("vocab:           {} (bytes 0-255, BOS {}, EOS {})\n", c.vocab, kBos, kEos);
    fmt::print("context:         {} bytes\n", c.ctx);
    fmt::print("d_model:         {}\n", c.d_model);
    fmt::print("heads:           {} (head dim {})\n", c.n_head, c.head_dim());
    fmt::print("layers/scale:    {}\n", c.n_layer);
    fmt::print("scales:          [{}]\n", scales);
    fmt::print("d_ff:            {} (SwiGLU)\n", c.d_ff);
    fmt::print("rope base:       {}\n", c.rope_base);
    fmt::print("rms norm eps:    {}\n", c.norm_eps);
    try {
      axl::prose::check_prompt_format(*m.file);
      fmt::print("prompt format:   {} (this build's)\n", axl::prose::kPromptFormatVersion);
    } catch (const GgufError& e) {
      fmt::print("prompt format:   unusable for docstrings: {}\n", e.what());
    }
    const auto gate = axl::prose::gate_from_gguf(*m.file);
    if (!gate.calibrated())
      fmt::print("confidence gate: not calibrated: docstring prose comes from the heuristic "
                 "(axl-docs calibrate)\n");
    else
      for (auto task : axl::prose::kPromptTasks) {
        const auto& t = gate.for_task(task);
        fmt::print("gate {:<10}  {}\n", std::string(axl::prose::task_name(task)) + ":",
                   t.accepts_nothing() ? std::string("closed (the heuristic writes)")
                                       : fmt::format("mean log-prob >= {:.3f}, grounded >= {:.2f}",
                                                     t.min_mean_logprob, t.min_grounded));
      }
    if (gate.calibrated()) fmt::print("gate chosen on:  {}\n", gate.calibration);
  });
}

void add_generate(CLI::App& app) {
  auto* sub = app.add_subcommand("generate",
                                 "Raw model completion of a prompt (prints prompt + completion)");
  struct Args {
    std::string model, prompt;
    int max_tokens = 50, top_k = 40, threads = 1;
    float temperature = 0.8f, top_p = 1.0f;
    int64_t seed = -1;
    std::vector<std::string> stop;
    bool fine_only = false, bos = false;
  };
  auto a = std::make_shared<Args>();
  axl::app::add_model_option(sub, a->model);
  sub->add_option("--prompt,-p", a->prompt, "prompt text")->required();
  sub->add_option("--max-tokens,-n", a->max_tokens, "maximum bytes to generate")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--temperature,-t", a->temperature, "sampling temperature; 0 = greedy");
  sub->add_option("--top-k", a->top_k, "keep the k most likely bytes (0 = all)");
  sub->add_option("--top-p", a->top_p, "nucleus sampling threshold (1 = off)")
      ->check(CLI::Range(0.0f, 1.0f));
  sub->add_option("--seed", a->seed, "random seed (default: random)");
  sub->add_option("--stop", a->stop, "stop sequence (repeatable)");
  sub->add_option("-j,--jobs,--threads", a->threads, "threads for decoding")
      ->check(CLI::Range(1, 64));
  sub->add_flag("--fine-only", a->fine_only,
                "use only the fine-scale stack (what the llama.cpp export runs)");
  sub->add_flag("--bos", a->bos, "prepend BOS to the prompt");
  sub->callback([a] {
    const Model m = load_model(require_model(a->model));
    set_num_threads(a->threads);
    GenerateOptions opt;
    opt.max_new_tokens = a->max_tokens;
    opt.sampling.temperature = a->temperature;
    opt.sampling.top_k = a->top_k;
    opt.sampling.top_p = a->top_p;
    opt.sampling.seed = a->seed >= 0 ? static_cast<uint64_t>(a->seed) : std::random_device{}();
    opt.stop = a->stop;
    opt.add_bos = a->bos;
    opt.mode = a->fine_only ? DecodeMode::FineOnly : DecodeMode::Full;
    std::fwrite(a->prompt.data(), 1, a->prompt.size(), stdout);
    std::fflush(stdout);
    opt.on_text = [](std::string_view s) {
      std::fwrite(s.data(), 1, s.size(), stdout);
      std::fflush(stdout);
    };
    generate(m, a->prompt, opt);
    std::fputc('\n', stdout);
  });
}

void add_bench(CLI::App& app) {
  auto* sub =
      app.add_subcommand("bench", "Decode, prefill and training speed, with SGEMM/memcpy peaks");
  auto model = std::make_shared<std::string>();
  auto no_train = std::make_shared<bool>(false);
  axl::app::add_model_option(sub, *model);
  sub->add_flag("--no-train", *no_train, "skip the training measurement");
  sub->callback([model, no_train] {
    const auto path = require_model(*model);
    load_model(path); // a clear error before the long run
    BenchOptions opt;
    opt.train = !*no_train;
    fmt::print("{}", format_report(run_benchmarks(path, opt)));
  });
}

void add_init(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "init", "Write a model file with random weights (for tests and benchmarks)");
  struct Args {
    std::string out, dtype = "f16";
    uint64_t seed = 1;
    float std = 0.02f;
    bool tiny = false;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("--out,-o", a->out, "output GGUF path")->required();
  sub->add_option("--seed", a->seed, "random seed");
  sub->add_option("--dtype", a->dtype, "weight type of the matrices")
      ->check(CLI::IsMember({"f16", "f32"}));
  sub->add_option("--std", a->std, "standard deviation of the random matrices");
  sub->add_flag("--tiny", a->tiny, "tiny configuration (fast tests)");
  sub->callback([a] {
    const Config cfg = a->tiny ? Config::tiny() : Config{};
    ParamBuffer p(cfg);
    init_random(p, a->seed, a->std);
    save_model(a->out, cfg, p.w, a->dtype == "f16" ? DType::F16 : DType::F32,
               axl::prose::prompt_metadata());
    fmt::print("wrote {} ({} parameters, {})\n", a->out, parameter_count(cfg), a->dtype);
  });
}

axl::app::RegisterCommand reg_info{"info", add_info};
axl::app::RegisterCommand reg_generate{"generate", add_generate};
axl::app::RegisterCommand reg_bench{"bench", add_bench};
axl::app::RegisterCommand reg_init{"init", add_init};

} // namespace
