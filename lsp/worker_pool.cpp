#include "worker_pool.h"

#include <cstdio>
#include <exception>

namespace axl::lsp {

WorkerPool::WorkerPool(unsigned threads) {
  if (threads == 0) threads = 1;
  for (unsigned i = 0; i < threads; ++i)
    threads_.emplace_back([this](std::stop_token stop) { run(stop); });
}

WorkerPool::~WorkerPool() {
  for (auto& t : threads_) t.request_stop();
  ready_.notify_all();
  threads_.clear(); // joins
}

void WorkerPool::submit(Job job, std::stop_token token) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(job), std::move(token)});
  }
  ready_.notify_one();
}

void WorkerPool::run(std::stop_token pool_stop) {
  for (;;) {
    Item item;
    {
      std::unique_lock lock(mutex_);
      if (!ready_.wait(lock, pool_stop, [this] { return !queue_.empty(); })) return;
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    // One token that fires for either the job's cancellation or the pool's shutdown.
    std::stop_source combined;
    std::stop_callback on_job(item.token, [&] { combined.request_stop(); });
    std::stop_callback on_pool(pool_stop, [&] { combined.request_stop(); });
    try {
      item.job(combined.get_token());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "axl-docs lsp: worker job failed: %s\n", e.what());
    }
  }
}

} // namespace axl::lsp
