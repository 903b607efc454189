#include "api/worker_pool.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <set>

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
