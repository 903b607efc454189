// A fixed number of threads for model work, fed by a bounded queue. The HTTP I/O thread only
// submits; when the queue is full it answers 503 at once instead of letting requests pile up.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace axl::api {

class WorkerPool {
public:
  // `worker` is the thread's index (0..threads-1), for per-thread state such as a model decoder.
  using Job = std::function<void(int worker)>;
  enum class Submit { Accepted, QueueFull, Stopped };

  // max_queued: requests waiting for a thread (running ones, ones an idle thread takes at once
  // and helpers not counted; 0 means a request is refused only when every thread is busy).
  WorkerPool(int threads, size_t max_queued);
  ~WorkerPool(); // stop() + join
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  Submit try_submit(Job job);
  // A helper job for a request that is running (it shares that request's work): accepted only
  // when a thread is idle and no request waits. A helper gives its thread back after the chunk it
  // is decoding once a request waits, so helping delays a request by at most one chunk.
  bool try_help(Job job);
  // Refuses new jobs from now on; queued ones still run (their clients are waiting).
  void close();
  // close(), then waits for the queue to drain and joins the threads.
  void stop();

  int size() const { return static_cast<int>(threads_.size()); }
  size_t queued() const;
  int busy() const;

private:
  void run(int worker);

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  struct Queued {
    Job job;
    bool helper = false; // from try_help
  };
  std::deque<Queued> queue_;
  size_t queued_helpers_ = 0;
  size_t max_queued_;
  int busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

} // namespace axl::api
