// Decoders (KV caches) for one shared model, lent to providers and taken back (decoders, unlike
// the model, are not thread-safe).
#pragma once

#include "model/decoder.h"
#include "model/model_file.h"

#include <memory>
#include <mutex>
#include <vector>

namespace axl::prose {

// Decoders for one model, handed out to providers and taken back when they are done, so the
// per-request providers of the LSP and the HTTP API reuse KV-cache buffers. Thread-safe.
class DecoderPool : public std::enable_shared_from_this<DecoderPool> {
public:
  explicit DecoderPool(std::shared_ptr<const model::Model> model) : model_(std::move(model)) {}
  // A decoder for the caller's exclusive use; it returns to the pool when the last copy dies.
  std::shared_ptr<model::Decoder> take();
  const std::shared_ptr<const model::Model>& model() const { return model_; }
  size_t idle() const;

private:
  std::shared_ptr<const model::Model> model_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<model::Decoder>> free_;
};

} // namespace axl::prose
