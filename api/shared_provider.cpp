#include "api/shared_provider.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <stdexcept>

namespace axl::api {

using docstring::DocText;
using docstring::SummaryProvider;

namespace {

// The chunks of one describe_all call. Helpers hold it by shared_ptr: one that starts after the
// call returned finds nothing left to take and never reads `requests`.
struct Work {
  std::span<const SummaryProvider::Request> requests;
  std::vector<DocText> out;
  size_t chunk = 1, next = 0;
  int taken = 0; // chunks being decoded now
  std::exception_ptr error;
  std::stop_token stop;
  std::mutex mu;
  std::condition_variable idle;

  // Decodes the next chunk with provider() until none is left (or one failed), the request is
  // cancelled, or give_way() says a request waits for this thread (a helper's chunks go back to
  // the owner).
  void drain(const std::function<SummaryProvider&()>& provider,
             const std::function<bool()>& give_way = {}) {
    for (;;) {
      size_t begin = 0, end = 0;
      // A cancelled request's answer is thrown away: its chunks would only prefill and stop.
      if (stop.stop_requested() || (give_way && give_way())) return;
      {
        std::lock_guard lock(mu);
        if (next >= requests.size() || error) return;
        begin = next;
        end = next = std::min(requests.size(), next + chunk);
        ++taken;
      }
      try {
        auto texts = provider().describe_all(requests.subspan(begin, end - begin), stop);
        if (texts.size() != end - begin)
          throw std::logic_error("a provider answered the wrong number of definitions");
        std::move(texts.begin(), texts.end(), out.begin() + static_cast<ptrdiff_t>(begin));
      } catch (...) {
        std::lock_guard lock(mu);
        if (!error) error = std::current_exception();
      }
      {
        std::lock_guard lock(mu);
        --taken;
      }
      idle.notify_all();
    }
  }
};

} // namespace

SharedProvider::SharedProvider(Make make, int worker, WorkerPool& pool, size_t chunk)
    : make_(std::move(make)), pool_(pool), chunk_(std::max<size_t>(1, chunk)), own_(make_(worker)) {
}

DocText SharedProvider::describe(const parser::Definition& def, std::string_view context_window,
                                 std::stop_token stop) {
  return own_->describe(def, context_window, stop);
}

std::vector<DocText> SharedProvider::describe_all(std::span<const Request> requests,
                                                  std::stop_token stop) {
  if (requests.size() <= chunk_) return own_->describe_all(requests, stop);
  auto work = std::make_shared<Work>();
  work->requests = requests;
  work->out.resize(requests.size());
  work->chunk = chunk_;
  work->stop = stop;
  // As many helpers as there are chunks for them, as long as the pool has idle threads.
  const size_t chunks = (requests.size() + chunk_ - 1) / chunk_;
  for (size_t h = 1; h < chunks && h < static_cast<size_t>(pool_.size()); ++h)
    if (!pool_.try_help([work, make = make_, &pool = pool_](int w) {
          std::unique_ptr<SummaryProvider> p; // made only if a chunk is left to take
          work->drain(
              [&]() -> SummaryProvider& {
                if (!p) p = make(w);
                return *p;
              },
              [&pool] { return pool.queued() > 0; });
        }))
      break;
  work->drain([this]() -> SummaryProvider& { return *own_; });
  std::unique_lock lock(work->mu);
  work->idle.wait(lock, [&] { return work->taken == 0; });
  if (work->error) std::rethrow_exception(work->error);
  return std::move(work->out);
}

} // namespace axl::api
