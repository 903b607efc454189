// Incremental (KV-cache) decoding, one byte at a time, equal to the batched forward.
//
// Per scale and layer the decoder caches RoPE'd keys and values; a coarse token of scale s is
// computed when its last byte arrives (its embedding mean accumulates until then). The cross-scale
// stage caches each scale's projected keys/values for every other scale; because a key is visible
// exactly when it ends at or before the query's end byte, every key a query may see is already
// cached when the query is computed, so nothing is ever recomputed.
//
// Threads (set_num_threads): with 2, the byte stack and the coarse stacks due at this byte run
// concurrently (one fork/join per byte that completes a coarse token, none otherwise).
//
// Sliding window: when the window holds ctx tokens and another arrives, the oldest `slide` tokens
// (64, a multiple of the largest scale, so coarse tokens keep their byte boundaries) are dropped
// and the remaining ctx-64 are re-prefilled with the batched forward (positions restart at 0).
#pragma once

#include "model_file.h"
#include "transformer.h"

#include <atomic>
#include <span>
#include <thread>
#include <vector>

namespace axl::model {

enum class DecodeMode { Full, FineOnly };

class Decoder {
public:
  explicit Decoder(const Model& model, DecodeMode mode = DecodeMode::Full); // model must outlive
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;
  void reset();
  // Makes this decoder's state (window, caches, logits) equal to other's; both must decode the
  // same model in the same mode. Beam search forks a hypothesis with it.
  void copy_state_from(const Decoder& other);
  // Appends one token; returns the logits [vocab] predicting the next token.
  const float* step(int token);
  // Appends tokens (batched forward when the window is empty); returns the last logits.
  const float* feed(std::span<const int> tokens);
  const float* logits() const { return logits_.data(); }
  int size() const { return static_cast<int>(window_.size()); }
  const std::vector<int>& window() const { return window_; }
  int slide() const { return slide_; }
  // Bytes of state (caches + scratch) this decoder holds.
  size_t state_bytes() const;

private:
  struct ScaleState {
    int n = 0;                            // tokens computed at this scale
    std::vector<std::vector<float>> K, V; // [layer][ctx/s * d]
    std::vector<float> acc;               // coarse: running mean of the current group's bytes
    int m = 0;                            // cross memory tokens cached for this target scale
    std::vector<float> cK, cV;            // [max_mem * d]
    std::vector<float> cn;                // norm(h) of the newest token (cross query/memory)
    std::vector<float> h, c;              // newest token's layer output and cross output
    bool has_c = false;
    // Per-scale scratch, so the byte stack and a coarse stack can run on two threads at once.
    std::vector<float> xn, q, k, v, att, a, b, g, scores;
  };
  const Model& m_;
  const Config& cfg_;
  DecodeMode mode_;
  ModelTables tab_;
  int slide_;
  std::vector<int> window_;
  std::vector<ScaleState> st_;
  std::vector<float> logits_;
  // scratch
  std::vector<int> fresh_;
  std::vector<float> x_, z_, gl_, f_;
  Activations acts_;

  void layer_step(int si, int l, float* x, int pos);
  void attend(const float* q, const float* K, const float* V, int n, float* out,
              std::vector<float>& scores);
  void run_scale(int si, const float* e); // the scale's new token (if due) through its stack

  // Helper thread for the coarse stacks (started on first use with num_threads() > 1). It blocks
  // on a futex (std::atomic::wait) between jobs: spinning would steal the core the byte stack
  // needs.
  std::thread worker_;
  std::atomic<uint32_t> job_{0}, done_{0};
  std::atomic<bool> stop_{false};
  const float* job_e_ = nullptr;
  void worker_loop();
  void prefill(std::span<const int> tokens);
  const float* head(const float* x);
};

} // namespace axl::model
