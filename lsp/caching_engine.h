// Remembers generated docstrings per (document, version, text, definition, settings): a resolve
// after a listing, a completion after a resolve, or a repeated command never runs the model twice.
#pragma once

#include "docstring_engine.h"

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace axl::lsp {

class CachingEngine final : public DocstringEngine {
public:
  explicit CachingEngine(std::unique_ptr<DocstringEngine> inner, size_t capacity = 512)
      : inner_(std::move(inner)), capacity_(capacity) {}

  std::vector<Finding> check(const Snapshot& snap, const Settings& settings) const override {
    return inner_->check(snap, settings);
  }
  std::optional<ByteEdit> generate(const Snapshot& snap, size_t def_index, const Settings& settings,
                                   std::stop_token stop) override;
  bool uses_model() const override { return inner_->uses_model(); }

  size_t hits() const;

private:
  std::unique_ptr<DocstringEngine> inner_;
  size_t capacity_;
  mutable std::mutex mutex_;
  std::list<std::string> order_; // least recently inserted first
  std::unordered_map<std::string, std::optional<ByteEdit>> cache_;
  size_t hits_ = 0;
};

} // namespace axl::lsp
