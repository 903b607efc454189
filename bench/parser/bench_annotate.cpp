// Throughput of the parser and of annotate's in-memory pipeline over a corpus of Python files
// (default: Debian's libpython3.11-stdlib, listed with dpkg -L), with heuristic prose and, given
// --model, with the model writing the prose (one thread, over the first --model-files files).
//   build/bench/parser/bench_annotate [--repeat N] [--model PATH [--model-files N]] [FILE...]
#include "annotate/annotate_source.h"
#include "annotate/file_io.h"
#include "docstring/heuristic_summary.h"
#include "parser/python_parser.h"
#include "prose/provider_source.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace {

std::vector<std::string> stdlib_files() {
  std::vector<std::string> files;
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen("dpkg -L libpython3.11-stdlib", "r"), pclose);
  if (!p) return files;
  char line[4096];
  while (fgets(line, sizeof line, p.get())) {
    std::string s(line);
    while (!s.empty() && s.back() == '\n') s.pop_back();
    if (s.size() > 3 && s.ends_with(".py")) files.push_back(s);
  }
  return files;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int main(int argc, char** argv) {
  int repeat = 3;
  std::string model_path;
  size_t model_files = 20;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--model") && i + 1 < argc)
      model_path = argv[++i];
    else if (!std::strcmp(argv[i], "--model-files") && i + 1 < argc)
      model_files = static_cast<size_t>(std::max(1, std::atoi(argv[++i])));
    else
      paths.push_back(argv[i]);
  }
  if (paths.empty()) paths = stdlib_files();
  std::vector<std::string> sources;
  size_t bytes = 0;
  for (const auto& p : paths) {
    try {
      sources.push_back(axl::annotate::read_file(p));
      bytes += sources.back().size();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "skip %s\n", e.what());
    }
  }
  if (sources.empty()) {
    std::fprintf(stderr, "bench_annotate: no input files\n");
    return 2;
  }

  // Parse + extract definitions (what every feature starts with).
  size_t defs = 0;
  double best_parse = 1e30;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    defs = 0;
    for (const auto& s : sources) defs += axl::parser::parse_python(s).definitions.size();
    best_parse = std::min(best_parse, seconds_since(t0));
  }

  // The whole annotate pipeline in memory: decode, parse, compose, re-parse to verify, encode.
  axl::docstring::HeuristicSummaryProvider provider;
  axl::annotate::AnnotateRequest req;
  size_t added = 0;
  double best_annotate = 1e30;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    added = 0;
    for (const auto& s : sources) added += axl::annotate::annotate_source(s, req, provider).added;
    best_annotate = std::min(best_annotate, seconds_since(t0));
  }

  double mb = bytes / 1e6;
  std::printf("corpus: %zu files, %.2f MB, %zu definitions (best of %d runs, 1 thread)\n",
              sources.size(), mb, defs, repeat);
  std::printf("parse+extract: %.3f s  %.1f MB/s  %.0f files/s  %.0f definitions/s\n", best_parse,
              mb / best_parse, sources.size() / best_parse, defs / best_parse);
  std::printf("annotate (heuristic prose): %.3f s  %.0f files/s  %.0f functions documented/s  "
              "(%zu docstrings added)\n",
              best_annotate, sources.size() / best_annotate, added / best_annotate, added);
  if (model_path.empty()) return 0;

  // The model writes the prose (once: it is slow, and greedy decoding is deterministic).
  auto source = axl::prose::load_summary_provider(model_path);
  if (!source.uses_model()) {
    std::fprintf(stderr, "bench_annotate: %s\n", source.reason().c_str());
    return 2;
  }
  axl::prose::ModelSummaryProvider model_provider(source.model());
  const size_t n = std::min(model_files, sources.size());
  size_t model_added = 0, model_bytes = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < n; ++i) {
    model_added += axl::annotate::annotate_source(sources[i], req, model_provider).added;
    model_bytes += sources[i].size();
  }
  const double secs = seconds_since(t0);
  const auto& st = model_provider.stats();
  std::printf(
      "annotate (model prose, %s): %zu files, %.2f MB, %.2f s  %.2f functions documented/s  "
      "(%zu docstrings added)\n",
      model_path.c_str(), n, model_bytes / 1e6, secs, model_added / secs, model_added);
  std::printf("  model: %d fields asked, %d accepted (%.0f%%), %d rejected; %d bytes generated, "
              "%.0f bytes/s; %.1f ms per field, %.0f%% of the time in the model\n",
              st.asked, st.accepted, st.asked ? 100.0 * st.accepted / st.asked : 0.0, st.rejected,
              st.tokens, st.seconds > 0 ? st.tokens / st.seconds : 0.0,
              st.asked ? 1000.0 * st.seconds / st.asked : 0.0, 100.0 * st.seconds / secs);
  return 0;
}
