// One /v1/docstrings request's definitions shared with the idle workers, so that one request
// uses every core as `annotate -j 2` does. The definitions are cut into chunks in file order; the
// request's own worker and any helper the pool accepts (WorkerPool::try_help) each take the next
// chunk until none is left, each with a provider of its own (providers are not thread-safe).
// A definition's prose does not depend on which chunk or thread decoded it (batched beam search
// is exact), so the response is byte for byte the same with one worker or several.
#pragma once

#include "api/worker_pool.h"
#include "docstring/summary_provider.h"

#include <functional>
#include <memory>

namespace axl::api {

class SharedProvider final : public docstring::SummaryProvider {
public:
  // Makes a provider for worker `w` (ServerConfig::summary_provider).
  using Make = std::function<std::unique_ptr<docstring::SummaryProvider>(int w)>;
  // chunk: definitions per take (a helper that finds none left does nothing).
  SharedProvider(Make make, int worker, WorkerPool& pool, size_t chunk);

  docstring::DocText describe(const parser::Definition& def, std::string_view context_window,
                              std::stop_token stop = {}) override;
  std::vector<docstring::DocText> describe_all(std::span<const Request> requests,
                                               std::stop_token stop = {}) override;
  std::string_view name() const override { return own_->name(); }

private:
  Make make_;
  WorkerPool& pool_;
  size_t chunk_;
  std::unique_ptr<docstring::SummaryProvider> own_;
};

} // namespace axl::api
