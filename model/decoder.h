// Incremental (KV-cache) decoding, one byte at a time, equal to the batched forward.
//
// Per scale and layer the decoder caches RoPE'd keys and values; a coarse token of scale s is
// computed when its last byte arrives (its embedding mean accumulates until then). The cross-scale
// stage caches each scale's projected keys/values for every other scale; because a key is visible
// exactly when it ends at or before the query's end byte, every key a query may see is already
// cached when the query is computed, so nothing is ever recomputed.
//
// Batched steps (step_batch): B decoders advance one token each in one pass. Every weight matrix
// is applied to the B rows at once (matvec_batch: its weights are read once per step for all rows
// instead of once per row), while each row keeps its own caches and position, so rows may be at
// different lengths and slide independently. A row's logits are bit for bit those of step().
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
  // Appends tokens[i] to *rows[i] for every i at once (distinct decoders of one model and mode;
  // rows[0] lends its helper thread and scratch); afterwards each row's logits() predict its next
  // token. Throws std::invalid_argument, changing nothing, on bad input.
  static void step_batch(std::span<Decoder* const> rows, std::span<const int> tokens);
  // Makes this decoder hold `tokens` as if reset and fed them, starting from a copy of `prefix`
  // when prefix holds a proper prefix of them from its start (never slid) and the rest fits the
  // window; otherwise it feeds them from scratch. Returns how many tokens were taken from prefix.
  // A prompt family sharing a start (one definition's summary/parameter/returns prompts) prefills
  // that start once. Logits equal a fresh feed up to rounding (|diff| <= 1e-4 in tests).
  int feed_from(const Decoder& prefix, std::span<const int> tokens);
  // Tokens dropped from the front by sliding since reset() (0: the window starts at the start).
  int dropped() const { return dropped_; }
  // Appends tokens (batched forward when the window is empty); returns the last logits.
  const float* feed(std::span<const int> tokens);
  const float* logits() const { return logits_.data(); }
  int size() const { return static_cast<int>(window_.size()); }
  const std::vector<int>& window() const { return window_; }
  int slide() const { return slide_; }

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
    // A batch leader's per-scale lists: the rows with a new token at this scale, and the
    // vector pointers handed to matvec_batch.
    std::vector<Decoder*> rows;
    std::vector<const float*> px;
    std::vector<float*> py;
  };
  using Rows = std::span<Decoder* const>;
  const Model& m_;
  const Config& cfg_;
  DecodeMode mode_;
  ModelTables tab_;
  int slide_;
  int dropped_ = 0;
  std::vector<int> window_;
  std::vector<ScaleState> st_;
  std::vector<float> logits_;
  // scratch
  std::vector<int> fresh_;
  std::vector<float> x_, z_, gl_, f_;
  Activations acts_;

  // y = W x for every row, x and y picked from each row by the callables (on the scratch of
  // this decoder's scale `si`, so the byte and coarse stacks can run on two threads).
  template <class In, class Out> void apply(int si, const Tensor& W, Rows rows, In in, Out out);
  void apply(int si, const Tensor& W, Rows rows, std::vector<float> ScaleState::*in,
             std::vector<float> ScaleState::*out);
  void layer_step(int si, int l, Rows rows); // one block for each row's new token at scale si
  void attend(const float* q, const float* K, const float* V, int n, float* out,
              std::vector<float>& scores);
  void run_scale(int si, Rows rows); // the rows' new tokens at scale si through its stack
  void begin_step(int token);        // slide if full, embed token, mark the scales due
  void cross_and_head(Rows rows);    // cross stage, fusion and head for the rows of a step

  // Helper thread for the coarse stacks (started on first use with num_threads() > 1). It blocks
  // on a futex (std::atomic::wait) between jobs: spinning would steal the core the byte stack
  // needs.
  std::thread worker_;
  std::atomic<uint32_t> job_{0}, done_{0};
  std::atomic<bool> stop_{false};
  void worker_loop();
  void prefill(std::span<const int> tokens);
};

} // namespace axl::model
