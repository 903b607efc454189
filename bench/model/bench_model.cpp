// Model benchmarks: writes a random-weight full-size model (f16 and f32) to a temp dir and reports
// decode / prefill / training throughput next to SGEMM and memcpy peaks.
// Usage: bench_model [--model PATH] [--no-train] [--no-beam] [--decode-bytes N] [--train-batch B]
#include "model/benchmark.h"
#include "model/kernels.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

using namespace axl::model;

int main(int argc, char** argv) {
  BenchOptions opt;
  std::string model;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--model" && i + 1 < argc)
      model = argv[++i];
    else if (a == "--no-train")
      opt.train = false;
    else if (a == "--no-beam")
      opt.beam = false;
    else if (a == "--decode-bytes" && i + 1 < argc)
      opt.decode_bytes = std::atoi(argv[++i]);
    else if (a == "--train-batch" && i + 1 < argc)
      opt.train_batch = std::atoi(argv[++i]);
    else if (a == "--train-steps" && i + 1 < argc)
      opt.train_steps = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr,
                   "usage: bench_model [--model PATH] [--no-train] [--no-beam] [--decode-bytes N] "
                   "[--train-batch B]\n");
      return 2;
    }
  }
  try {
    std::vector<std::pair<std::string, std::string>> runs;
    if (!model.empty()) {
      runs.emplace_back("given model", model);
    } else {
      auto p = std::make_shared<ParamBuffer>(Config{});
      init_random(*p, 1, 0.02f);
      const auto dir = std::filesystem::temp_directory_path();
      for (DType dt : {DType::F16, DType::F32}) {
        const auto path =
            (dir / (dt == DType::F16 ? "bench_axl_f16.gguf" : "bench_axl_f32.gguf")).string();
        save_model(path, p->cfg, p->w, dt);
        runs.emplace_back(dt == DType::F16 ? "random f16" : "random f32", path);
      }
    }
    for (size_t i = 0; i < runs.size(); ++i) {
      BenchOptions o = opt;
      o.train = opt.train && i == 0; // training speed does not depend on the file's dtype
      std::printf("== %s (%s), SIMD kernels %s\n%s\n", runs[i].first.c_str(),
                  runs[i].second.c_str(), simd_enabled() ? "on" : "off",
                  format_report(run_benchmarks(runs[i].second, o)).c_str());
    }
    set_force_scalar(true);
    BenchOptions o = opt;
    o.train = false;
    o.beam = false;
    std::printf("== %s with the portable scalar kernels\n%s", runs[0].first.c_str(),
                format_report(run_benchmarks(runs[0].second, o)).c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_model: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
