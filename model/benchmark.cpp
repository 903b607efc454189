#include "benchmark.h"

#include "beam_search.h"
#include "blas.h"
#include "decoder.h"
#include "trainer.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <memory>
#include <random>
#include <sys/resource.h>
#include <time.h>
#include <tuple>

namespace axl::model {

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double sgemm_peak(int threads) {
  set_num_threads(threads);
  const int M = 2048, N = 1152, K = 224;
  std::vector<float> A(size_t(M) * K, 0.5f), B(size_t(N) * K, 0.25f), C(size_t(M) * N);
  gemm(false, true, M, N, K, 1.0f, A.data(), K, B.data(), K, 0.0f, C.data(), N); // warm-up
  const auto t = Clock::now();
  int reps = 0;
  do {
    gemm(false, true, M, N, K, 1.0f, A.data(), K, B.data(), K, 0.0f, C.data(), N);
    ++reps;
  } while (since(t) < 0.3);
  return 2.0 * M * N * K * reps / since(t) / 1e9;
}

double memcpy_peak() {
  const size_t n = size_t(256) << 20; // 256 MiB: far beyond the caches
  std::vector<char> a(n, 1), b(n, 0);
  std::memcpy(b.data(), a.data(), n);
  const auto t = Clock::now();
  int reps = 0;
  do {
    std::memcpy(b.data(), a.data(), n);
    ++reps;
  } while (since(t) < 0.3);
  return 2.0 * double(n) * reps / since(t) / 1e9; // read + write
}

// Returns {bytes/s wall, bytes per CPU-second}.
std::pair<double, double> decode_speed(const Model& m, int threads, int bytes) {
  set_num_threads(threads);
  Decoder dec(m);
  std::vector<int> prompt(16, 'a');
  dec.feed(prompt);
  std::mt19937 rng(1);
  const auto t = Clock::now();
  const double c = cpu_seconds();
  for (int i = 0; i < bytes; ++i) dec.step(32 + int(rng() % 90));
  return {bytes / since(t), bytes / (cpu_seconds() - c)};
}

// B streams, each from its own 16-byte prompt, advanced by step_batch: {total bytes/s wall,
// total bytes per CPU-second}.
std::pair<double, double> batched_speed(const Model& m, int B, int bytes) {
  set_num_threads(1);
  std::vector<std::unique_ptr<Decoder>> decs;
  std::vector<Decoder*> rows;
  for (int b = 0; b < B; ++b) {
    decs.push_back(std::make_unique<Decoder>(m));
    decs.back()->feed(std::vector<int>(16, 'a' + b));
    rows.push_back(decs.back().get());
  }
  std::mt19937 rng(1);
  std::vector<int> tokens(B);
  const auto t = Clock::now();
  const double c = cpu_seconds();
  for (int i = 0; i < bytes; ++i) {
    for (auto& x : tokens) x = 32 + int(rng() % 90);
    Decoder::step_batch(rows, tokens);
  }
  const double total = double(bytes) * B;
  return {total / since(t), total / (cpu_seconds() - c)};
}

// Docstring prompts as prose/prompt_format.h builds them (body digest, signature, opener).
const char* const kBeamPrompts[] = {
    "# return a + b\ndef add(a, b):\n    \"\"\"",
    "# with open(path) as f:\n#     return json.load(f)\ndef load_config(path):\n    \"\"\"",
    "# self._items.append(item)\n# self._count += 1\ndef push(self, item):\n    \"\"\"",
    "def parse_args(argv=None):\n    \"\"\"Parse the command line arguments.\n\n    Args:\n"
    "        argv: ",
};

// Seconds for beam-4 over kBeamPrompts, and the bytes generated: one prompt after another, or
// all in one run_many (every hypothesis of every prompt in one batched step).
std::pair<double, int> beam_time(const Model& m, bool batched, bool together) {
  set_num_threads(1);
  BeamSearch beam(m, BeamParams{.width = 4, .batched = batched});
  GenerateOptions opt; // as the model provider asks for a field
  opt.add_bos = true;
  opt.stop = {"\"\"\"", "\n"};
  opt.no_repeat_bytes = 10;
  opt.max_new_tokens = 99;
  std::vector<BeamJob> jobs;
  for (const char* p : kBeamPrompts) jobs.push_back({p, &opt, nullptr});
  beam.run_many(jobs); // its decoders' buffers, so no variant pays for first-touch page faults
  const auto t = Clock::now();
  int bytes = 0;
  if (together)
    for (const auto& r : beam.run_many(jobs)) bytes += r.completion_tokens;
  else
    for (const auto& j : jobs) bytes += beam.run(j.prompt, opt).completion_tokens;
  return {since(t), bytes};
}
} // namespace

double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

double decode_weight_bytes_per_byte(const Model& m) {
  const auto& c = m.cfg;
  const double esz = m.dtype == DType::F16 ? 2.0 : 4.0;
  const double d = c.d_model, f = c.d_ff, S = c.n_scales();
  const double layer = c.n_layer * (4 * d * d + 3 * d * f);
  double per_byte = 0.0;
  for (int s : c.scales)
    per_byte += (layer + 3 * d * d + (s > 1 ? d * d : 0)) / s; // stack + cross q,k,v,o-ish
  per_byte += (S - 1) * d * S * d + c.vocab * d;               // gate + head
  return per_byte * esz;
}

double decode_flops_per_byte(const Config& c) {
  const double d = c.d_model, f = c.d_ff, S = c.n_scales();
  double per_byte = 0.0;
  for (int s : c.scales) {
    const double n = double(c.ctx) / s / 2; // keys in a half-full window
    per_byte += c.n_layer * (2 * (4 * d * d + 3 * d * f) + 4 * n * d) / s; // matrices + attention
    per_byte += (2 * 4 * d * d + 4 * c.ctx / 2.0 * d) / s; // cross projections + attention
    if (s > 1) per_byte += 2 * d * d / s;                  // down-projection
  }
  return per_byte + 2 * (S - 1) * d * S * d + 2 * c.vocab * d; // gate + head
}

double train_flops_per_token(const Config& c, int T) {
  const double d = c.d_model, f = c.d_ff, S = c.n_scales();
  double fwd = 0.0;
  for (int s : c.scales) {
    const double n = double(T) / s;
    fwd += c.n_layer *
           (2 * (4 * d * d + 3 * d * f) / s + 2 * 2 * n * d / s); // matmuls + causal attention
    fwd += 2 * 4 * d * d / s;                                     // cross projections
  }
  fwd += 2 * (S - 1) * d * S * d + 2 * 2 * c.vocab * d; // gate, head (+ aux head)
  return 3.0 * fwd;                                     // backward ~ 2x forward
}

BenchReport run_benchmarks(const std::string& path, const BenchOptions& opt) {
  BenchReport r;
  auto t = Clock::now();
  const Model m = load_model(path);
  r.load_seconds = since(t);
  r.params = parameter_count(m.cfg);
  r.dtype = m.dtype == DType::F16 ? "f16" : "f32";

  double la[1] = {0};
  if (getloadavg(la, 1) == 1) r.load_average = la[0];
  std::tie(r.decode_bps_1t, r.decode_bps_cpu) = decode_speed(m, 1, opt.decode_bytes);
  r.decode_bps_2t = decode_speed(m, 2, opt.decode_bytes).first;
  r.decode_weight_bytes = decode_weight_bytes_per_byte(m);
  r.decode_weight_gbps = r.decode_bps_1t * r.decode_weight_bytes / 1e9;
  r.decode_flops_per_byte = decode_flops_per_byte(m.cfg);
  for (int B : {1, 2, 4, 8}) {
    // As many steps as decode_speed takes, within the window: a slide's re-prefill is not
    // what this compares.
    const int steps = std::max(1, std::min(opt.decode_bytes, m.cfg.ctx - 16));
    const auto [bps, cpu] = batched_speed(m, B, steps);
    r.batched.push_back({B, bps, cpu});
  }
  if (opt.beam) { // alternate, keep the best of each (other processes share the cores)
    r.beam_seconds_batched = r.beam_seconds_one_by_one = r.beam_seconds_together = INFINITY;
    for (int i = 0; i < 2; ++i) {
      r.beam_seconds_one_by_one =
          std::min(r.beam_seconds_one_by_one, beam_time(m, false, false).first);
      const auto [sec, bytes] = beam_time(m, true, false);
      r.beam_seconds_batched = std::min(r.beam_seconds_batched, sec);
      r.beam_bytes = bytes;
      r.beam_seconds_together = std::min(r.beam_seconds_together, beam_time(m, true, true).first);
    }
  }

  set_num_threads(1);
  {
    Decoder dec(m);
    std::vector<int> prompt(std::min(opt.prefill_bytes, m.cfg.ctx));
    for (size_t i = 0; i < prompt.size(); ++i) prompt[i] = 32 + int(i % 90);
    dec.feed(prompt); // warm-up
    t = Clock::now();
    int reps = 0;
    do {
      dec.reset();
      dec.feed(prompt);
      ++reps;
    } while (since(t) < 0.5);
    r.prefill_bps = double(prompt.size()) * reps / since(t);
  }

  if (opt.train) {
    TrainHyper h;
    h.threads = opt.train_threads;
    h.aux_fine_weight = 0.1f;
    Trainer tr(m.cfg, h, 1);
    std::mt19937 rng(2);
    std::vector<std::vector<int>> seqs(opt.train_batch, std::vector<int>(m.cfg.ctx + 1));
    for (auto& s : seqs)
      for (auto& x : s) x = 32 + int(rng() % 90);
    const auto batch = TrainBatch::from_sequences(seqs, m.cfg.ctx);
    tr.step(batch); // warm-up (allocations)
    t = Clock::now();
    const double c = cpu_seconds();
    for (int i = 0; i < opt.train_steps; ++i) tr.step(batch);
    const double tokens = double(opt.train_batch) * m.cfg.ctx * opt.train_steps;
    r.train_tps = tokens / since(t);
    r.train_tps_per_cpu = tokens / (cpu_seconds() - c);
    r.train_gflops = r.train_tps * train_flops_per_token(m.cfg, m.cfg.ctx) / 1e9;
  }
  r.sgemm_gflops_1t = sgemm_peak(1);
  r.sgemm_gflops_2t = sgemm_peak(2);
  r.memcpy_gbps = memcpy_peak();
  set_num_threads(1);
  r.peak_rss_mb = peak_rss_mb();
  return r;
}

std::string format_report(const BenchReport& r) {
  std::string s;
  s += fmt::format("model: {} parameters, {} weights, load {:.1f} ms\n", r.params, r.dtype,
                   r.load_seconds * 1e3);
  s += fmt::format("machine load average at start: {:.2f} (other processes share the cores)\n",
                   r.load_average);
  s += fmt::format("decode (batch 1): {:.0f} bytes/s on 1 thread ({:.0f} per CPU-second), {:.0f} "
                   "bytes/s on 2 threads (weights streamed at {:.1f} GB/s on 1 thread)\n",
                   r.decode_bps_1t, r.decode_bps_cpu, r.decode_bps_2t, r.decode_weight_gbps);
  s += fmt::format("decode cost: {:.1f} MFLOP and {:.1f} MB of weights read per byte at batch 1\n",
                   r.decode_flops_per_byte / 1e6, r.decode_weight_bytes / 1e6);
  for (const auto& b : r.batched)
    s += fmt::format("batched decode B={}: {:.0f} bytes/s total, {:.0f} per stream ({:.0f} per "
                     "CPU-second; {:.1f} GFLOP/s)\n",
                     b.batch, b.bps, b.bps / b.batch, b.bps_cpu,
                     b.bps * r.decode_flops_per_byte / 1e9);
  if (r.beam_bytes > 0)
    s += fmt::format("beam-4 on {} docstring prompts ({} bytes): {:.0f} ms batched, {:.0f} ms "
                     "one hypothesis at a time ({:.2f}x)\n",
                     std::size(kBeamPrompts), r.beam_bytes, r.beam_seconds_batched * 1e3,
                     r.beam_seconds_one_by_one * 1e3,
                     r.beam_seconds_one_by_one / r.beam_seconds_batched);
  if (r.beam_bytes > 0)
    s += fmt::format("beam-4 on the {} prompts in one run_many: {:.0f} ms ({:.2f}x one hypothesis "
                     "at a time)\n",
                     std::size(kBeamPrompts), r.beam_seconds_together * 1e3,
                     r.beam_seconds_one_by_one / r.beam_seconds_together);
  s += fmt::format("prefill: {:.0f} bytes/s (1 thread)\n", r.prefill_bps);
  if (r.train_tps > 0)
    s += fmt::format("training: {:.0f} tokens/s ({:.1f} GFLOP/s) on 2 threads; {:.0f} tokens per "
                     "CPU-second\n",
                     r.train_tps, r.train_gflops, r.train_tps_per_cpu);
  s += fmt::format(
      "machine peaks: SGEMM {:.1f} GFLOP/s (1 thread), {:.1f} GFLOP/s (2 threads); memcpy "
      "{:.1f} GB/s\n",
      r.sgemm_gflops_1t, r.sgemm_gflops_2t, r.memcpy_gbps);
  s += fmt::format("peak RSS: {:.1f} MB\n", r.peak_rss_mb);
  return s;
}

} // namespace axl::model
