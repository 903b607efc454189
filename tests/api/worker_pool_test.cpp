#include "api/shared_provider.h"
#include "api/worker_pool.h"
#include "parser/definition.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>

using namespace axl::api;
using namespace std::chrono_literals;

namespace {
// Submits a job that holds one thread until `gate` opens; returns once it runs.
void occupy_thread(WorkerPool& pool, std::shared_future<void> gate) {
  auto started = std::make_shared<std::promise<void>>();
  auto running = started->get_future();
  REQUIRE(pool.try_submit([started, gate](int) {
    started->set_value();
    gate.wait();
  }) == WorkerPool::Submit::Accepted);
  REQUIRE(running.wait_for(10s) == std::future_status::ready);
}
} // namespace

TEST_CASE("jobs run on the pool's threads with their worker index", "[api][pool]") {
  WorkerPool pool(3, 100);
  std::mutex m;
  std::set<int> seen;
  std::atomic<int> done{0};
  for (int i = 0; i < 30; ++i)
    REQUIRE(pool.try_submit([&](int w) {
      std::lock_guard lock(m);
      seen.insert(w);
      ++done;
    }) == WorkerPool::Submit::Accepted);
  pool.stop();
  CHECK(done == 30);
  for (int w : seen) CHECK((w >= 0 && w < 3));
}

TEST_CASE("a full queue refuses jobs at once, a closed pool too", "[api][pool]") {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  auto gate = release.get_future().share();
  occupy_thread(pool, gate);
  CHECK(pool.busy() == 1);
  std::atomic<int> ran{0};
  CHECK(pool.try_submit([&](int) { ++ran; }) == WorkerPool::Submit::Accepted);
  CHECK(pool.try_submit([&](int) { ++ran; }) == WorkerPool::Submit::Accepted);
  CHECK(pool.queued() == 2);
  CHECK(pool.try_submit([&](int) { ++ran; }) == WorkerPool::Submit::QueueFull);
  pool.close();
  CHECK(pool.try_submit([&](int) { ++ran; }) == WorkerPool::Submit::Stopped);
  release.set_value();
  pool.stop(); // queued jobs still run after close()
  CHECK(ran == 2);
  CHECK(pool.busy() == 0);
}

TEST_CASE("a throwing job does not kill its worker", "[api][pool]") {
  WorkerPool pool(1, 10);
  std::atomic<int> ran{0};
  pool.try_submit([](int) { throw std::runtime_error("boom"); });
  pool.try_submit([&](int) { ++ran; });
  pool.stop();
  CHECK(ran == 1);
}

TEST_CASE("a helper job runs only on an idle thread while no request waits", "[api][pool]") {
  WorkerPool pool(2, 10);
  std::promise<void> release;
  auto gate = release.get_future().share();
  occupy_thread(pool, gate);
  std::promise<void> helped;
  CHECK(pool.try_help([&](int) {
    helped.set_value();
    gate.wait();
  })); // the second thread is idle
  REQUIRE(helped.get_future().wait_for(10s) == std::future_status::ready);
  std::atomic<int> ran{0};
  CHECK_FALSE(pool.try_help([&](int) { ++ran; })); // both threads busy
  REQUIRE(pool.try_submit([&](int) { ++ran; }) == WorkerPool::Submit::Accepted);
  CHECK(pool.queued() == 1);
  release.set_value();
  pool.stop();
  CHECK(ran == 1);
  pool.close();
  CHECK_FALSE(pool.try_help([&](int) { ++ran; })); // closed
}

TEST_CASE("max_queued counts jobs that wait: with 0, an idle thread still takes a job",
          "[api][pool]") {
  WorkerPool pool(1, 0);
  std::promise<void> release;
  auto gate = release.get_future().share();
  occupy_thread(pool, gate); // accepted although max_queued is 0: the thread was idle
  CHECK(pool.try_submit([](int) {}) == WorkerPool::Submit::QueueFull); // it would wait
  release.set_value();
  pool.stop();
}

namespace {
// A provider that names who made it; the owner's chunks are slow, the helper's fast.
class TaggedProvider final : public axl::docstring::SummaryProvider {
public:
  TaggedProvider(std::function<void()> on_call, std::chrono::milliseconds delay)
      : on_call_(std::move(on_call)), delay_(delay) {}
  axl::docstring::DocText describe(const axl::parser::Definition& def, std::string_view,
                                   std::stop_token) override {
    on_call_();
    std::this_thread::sleep_for(delay_);
    axl::docstring::DocText t;
    t.summary = def.name;
    t.summary += '.';
    return t;
  }
  std::string_view name() const override { return "tagged"; }

private:
  std::function<void()> on_call_;
  std::chrono::milliseconds delay_;
};
} // namespace

TEST_CASE("a helper stops taking chunks once a request waits for its thread", "[api][pool]") {
  WorkerPool pool(2, 10);
  std::promise<void> release;
  auto gate = release.get_future().share();
  occupy_thread(pool, gate); // one thread busy: the helper gets the other
  std::atomic<int> helper_calls{0};
  std::promise<void> request_ran;
  auto ran = request_ran.get_future();
  auto on_helper_call = [&] {
    // The first chunk a helper decodes: a request arrives and must wait for a thread.
    if (helper_calls++ == 0)
      REQUIRE(pool.try_submit([&](int) { request_ran.set_value(); }) ==
              WorkerPool::Submit::Accepted);
  };
  constexpr int kOwner = 99;
  SharedProvider shared(
      [&](int w) -> std::unique_ptr<axl::docstring::SummaryProvider> {
        if (w == kOwner) return std::make_unique<TaggedProvider>([] {}, 40ms);
        return std::make_unique<TaggedProvider>(on_helper_call, 0ms);
      },
      kOwner, pool, 1);
  std::vector<axl::parser::Definition> defs(12);
  std::vector<axl::docstring::SummaryProvider::Request> requests;
  for (size_t i = 0; i < defs.size(); ++i) {
    defs[i].name = std::to_string(i);
    requests.push_back({&defs[i], ""});
  }
  auto texts = shared.describe_all(requests);
  REQUIRE(texts.size() == defs.size());
  for (size_t i = 0; i < defs.size(); ++i) CHECK(texts[i].summary.starts_with(defs[i].name));
  CHECK(helper_calls == 1); // it gave its thread to the request after one chunk
  CHECK(ran.wait_for(10s) == std::future_status::ready);
  release.set_value();
  pool.stop();
}

TEST_CASE("a cancelled request's remaining chunks are not decoded", "[api][pool]") {
  WorkerPool pool(2, 10);
  std::atomic<int> calls{0};
  SharedProvider shared(
      [&](int) -> std::unique_ptr<axl::docstring::SummaryProvider> {
        return std::make_unique<TaggedProvider>([&] { ++calls; }, 0ms);
      },
      0, pool, 1);
  std::vector<axl::parser::Definition> defs(8);
  std::vector<axl::docstring::SummaryProvider::Request> requests;
  for (auto& d : defs) requests.push_back({&d, ""});
  std::stop_source client_gone;
  client_gone.request_stop();
  CHECK(shared.describe_all(requests, client_gone.get_token()).size() == defs.size());
  CHECK(calls == 0); // each chunk would prefill its prompts only to stop at the first byte
  pool.stop();
}
