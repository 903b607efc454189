// Measurements behind `axl-docs bench` and bench/model: decode, prefill and training throughput
// next to this machine's own SGEMM and memory-copy peaks.
#pragma once

#include "model_file.h"

#include <string>

namespace axl::model {

struct BenchOptions {
  int decode_bytes = 200;  // bytes generated per decode measurement (from a 16-byte prompt)
  int prefill_bytes = 256; // prompt length for the prefill measurement
  int train_batch = 8;     // sequences of ctx bytes per training step
  int train_steps = 2;     // timed steps (after one warm-up step)
  int train_threads = 2;
  bool train = true;
};

struct BenchReport {
  double load_seconds = 0;
  double decode_bps_1t = 0, decode_bps_2t = 0;     // bytes/s at batch 1
  double decode_weight_gbps = 0;                   // weight bytes streamed per second (1 thread)
  double prefill_bps = 0;                          // prompt bytes/s (batched forward, 1 thread)
  double train_tps = 0, train_gflops = 0;          // tokens/s and achieved GFLOP/s on train_threads
  double sgemm_gflops_1t = 0, sgemm_gflops_2t = 0; // OpenBLAS SGEMM peak on this machine
  double memcpy_gbps = 0;                          // memory copy bandwidth (1 thread)
  double peak_rss_mb = 0;
  double load_average = 0;   // 1-minute load average at the start (other processes share the cores)
  double decode_bps_cpu = 0; // 1 thread: decoded bytes per CPU-second
  double train_tps_per_cpu = 0; // training tokens per CPU-second (all threads together)
  int64_t params = 0;
  std::string dtype;
};

BenchReport run_benchmarks(const std::string& model_path, const BenchOptions& opt);
std::string format_report(const BenchReport& r);

// Weight bytes a batch-1 decode step reads on average (fine stack every byte, coarse stacks every
// s bytes, cross/fusion/head), and the FLOPs of one training token (forward + backward).
double decode_weight_bytes_per_byte(const Model& m);
double train_flops_per_token(const Config& cfg, int T);
double peak_rss_mb();

} // namespace axl::model
