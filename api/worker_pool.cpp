#include "api/worker_pool.h"

#include <cstdio>
#include <exception>

namespace axl::api {

WorkerPool::WorkerPool(int threads, size_t max_queued) : max_queued_(max_queued) {
  threads_.reserve(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this, i] { run(i); });
}

WorkerPool::~WorkerPool() {
  stop();
}

WorkerPool::Submit WorkerPool::try_submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Submit::Stopped;
    // max_queued limits the requests that would wait: a job an idle thread takes at once does
    // not wait (so 0 means "no waiting", not "nothing"), and a queued helper is not a request.
    const bool thread_free = static_cast<size_t>(busy_) + queue_.size() < threads_.size();
    if (!thread_free && queue_.size() - queued_helpers_ >= max_queued_) return Submit::QueueFull;
    queue_.push_back({std::move(job), false});
  }
  ready_.notify_one();
  return Submit::Accepted;
}

bool WorkerPool::try_help(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() > queued_helpers_ ||
        static_cast<size_t>(busy_) + queue_.size() >= threads_.size())
      return false;
    queue_.push_back({std::move(job), true});
    ++queued_helpers_;
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::close() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
}

void WorkerPool::stop() {
  close();
  for (auto& t : threads_)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
}

size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size() - queued_helpers_; // requests; a helper waits only until a thread wakes
}

int WorkerPool::busy() const {
  std::lock_guard lock(mutex_);
  return busy_;
}

void WorkerPool::run(int worker) {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return; // stopping and drained
      job = std::move(queue_.front().job);
      if (queue_.front().helper) --queued_helpers_;
      queue_.pop_front();
      ++busy_;
    }
    try {
      job(worker);
    } catch (const std::exception& e) {
      // Jobs report their own errors to their clients; this is the last line of defence.
      std::fprintf(stderr, "axl-docs serve: worker job failed: %s\n", e.what());
    }
    std::lock_guard lock(mutex_);
    --busy_;
  }
}

} // namespace axl::api
