// Threads for work that must not run on the I/O thread (model inference, whole-file generation,
// diagnostics). Each job gets a std::stop_token so cancellation reaches the work itself.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

namespace axl::lsp {

class WorkerPool {
public:
  using Job = std::function<void(std::stop_token)>;

  explicit WorkerPool(unsigned threads);
  ~WorkerPool(); // stops queued and running jobs, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // `token` is the job's own cancellation (e.g. a request's); pool shutdown also stops it.
  void submit(Job job, std::stop_token token = {});
  size_t thread_count() const { return threads_.size(); }

private:
  struct Item {
    Job job;
    std::stop_token token;
  };
  void run(std::stop_token pool_stop);

  std::mutex mutex_;
  std::condition_variable_any ready_;
  std::deque<Item> queue_;
  std::vector<std::jthread> threads_;
};

} // namespace axl::lsp
