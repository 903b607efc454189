// Continuous batching for /v1/completions and /v1/chat/completions: one thread decodes every
// running completion together, one Decoder::step_batch per byte (each weight matrix is read once
// per step for all rows instead of once per request). A request joins at the next step after it
// arrives and leaves when it ends, so 16 clients share the weight reads instead of queueing behind
// two worker threads. Rows are bit for bit what a lone generate() gives (model/generate.h).
#pragma once

#include "model/generate.h"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace axl::api {

class BatchGenerator {
public:
  struct Sequence {
    std::string prompt;
    model::GenerateOptions options; // on_text and cancel are called/read on the generator thread
    std::function<void()> on_start; // when the sequence joins the batch, before its prefill
    // When it ends; error is empty on success. Runs on the generator thread.
    std::function<void(model::GenerateResult&& result, const std::string& error)> on_done;
  };
  enum class Submit { Accepted, QueueFull, Stopped };

  // max_rows: sequences decoded together; max_queued: sequences waiting for a row; threads: the
  // decoder's threads (model::set_num_threads on the generator thread).
  BatchGenerator(const model::Model& model, int max_rows, size_t max_queued, int threads);
  ~BatchGenerator(); // stop()
  BatchGenerator(const BatchGenerator&) = delete;
  BatchGenerator& operator=(const BatchGenerator&) = delete;

  // All of a request's sequences are accepted together or none is.
  Submit try_submit(std::vector<Sequence> sequences);
  // Refuses new sequences; queued and running ones still finish (their clients are waiting).
  void close();
  // close(), then waits for every sequence to end and joins the thread.
  void stop();

  size_t queued() const;
  int running() const;
  int max_rows() const { return max_rows_; }
  // How often the generator thread has taken the lock to look at the queue (for tests: not once
  // per byte, only when a submission, a free row or a cancelled client needs it).
  uint64_t queue_looks() const { return looks_.load(); }
  // The most sequences one submission can hold (rows + queue places): more is always refused.
  size_t capacity() const { return static_cast<size_t>(max_rows_) + max_queued_; }

private:
  struct Row {
    std::unique_ptr<model::Decoder> decoder;
    std::unique_ptr<model::Generation> generation;
    Sequence sequence;
  };
  void run();
  // on_start, the Generation and a decoder; false when the row is not to be prefilled (gone
  // while queued) or failed (then ended).
  bool prepare(Row& row);
  // Prefills the rows that joined in this step (one prompt once, however many rows share it);
  // ends a row whose prefill fails.
  void admit(std::vector<Row*>& joined);
  void end(Row& row, const std::string& error = {}); // on_done, frees the row
  void fail_all(std::vector<Row*>& rows, const std::string& error);
  // Takes queued sequences into free rows (waiting while there is nothing to do); false when
  // stopping and every sequence has ended. Takes the lock only when something may have changed:
  // a submission, a free row while sequences wait, or no row running.
  bool take_queued(std::vector<Row*>& admitted);
  // Ends the queued sequences whose client is gone (they hold no row and are never prefilled).
  // Reads their cancel flags without the lock; takes it only when one has flipped.
  void drop_cancelled();
  // The cancel flags of the queued sequences, as of the last look at the queue (with the lock).
  void watch_queue();

  const model::Model& model_;
  const int max_rows_;
  const size_t max_queued_;
  const int threads_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Sequence> queue_;
  int running_ = 0; // rows in use (read by /health)
  bool stopping_ = false;
  std::atomic<bool> submitted_{false}; // the queue grew (or stop began) since the generator looked
  // Generator thread only:
  std::vector<Row> rows_;                         // [max_rows]
  int in_use_ = 0;                                // rows holding a sequence
  std::vector<const std::atomic<bool>*> watched_; // cancel flags of the queued sequences
  size_t queue_seen_ = 0;                         // queue length at the last look
  std::atomic<uint64_t> looks_{0};
  std::thread thread_;
};

} // namespace axl::api
