// A recording Exchange for endpoint/router tests: collects the reply or the streamed events and
// lets a test wait until the response is complete.
#pragma once

#include "api/exchange.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace axl::api::test {

class FakeExchange final : public Exchange {
public:
  void reply(int s, const nlohmann::json& body, Headers extra) override {
    std::lock_guard lock(m_);
    ++replies;
    status = s;
    json = body;
    headers = std::move(extra);
    done_ = true;
    cv_.notify_all();
  }
  void stream_open() override {
    std::lock_guard lock(m_);
    opened = true;
  }
  void stream_send(std::string event) override {
    std::function<void(size_t)> hook;
    size_t count;
    {
      std::lock_guard lock(m_);
      opened = true;
      events.push_back(std::move(event));
      count = events.size();
      hook = on_event;
    }
    if (hook) hook(count);
  }
  void stream_close() override {
    std::lock_guard lock(m_);
    closed = true;
    done_ = true;
    cv_.notify_all();
  }
  const std::atomic<bool>& cancelled() const override { return cancel; }
  std::stop_token stop_token() const override { return stop_.get_token(); }

  // True when the response completed within the timeout.
  bool wait(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(m_);
    return cv_.wait_for(lock, timeout, [&] { return done_; });
  }

  // The JSON payloads of the "data: {...}" events (the final "[DONE]" is checked separately).
  std::vector<nlohmann::json> event_json() const {
    std::vector<nlohmann::json> out;
    for (const auto& e : events)
      if (e.rfind("data: {", 0) == 0) out.push_back(nlohmann::json::parse(e.substr(6)));
    return out;
  }

  std::function<void(size_t events_so_far)> on_event; // set before dispatch
  std::atomic<bool> cancel{false};
  int replies = 0;
  int status = 0;
  nlohmann::json json;
  Headers headers;
  bool opened = false, closed = false;
  std::vector<std::string> events;

private:
  std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false;
  std::stop_source stop_;
};

} // namespace axl::api::test
