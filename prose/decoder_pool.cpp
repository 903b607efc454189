#include "prose/decoder_pool.h"

namespace axl::prose {

std::shared_ptr<model::Decoder> DecoderPool::take() {
  std::unique_ptr<model::Decoder> d;
  {
    std::lock_guard lock(mu_);
    if (!free_.empty()) {
      d = std::move(free_.back());
      free_.pop_back();
    }
  }
  if (!d) d = std::make_unique<model::Decoder>(*model_);
  auto self = shared_from_this();
  return std::shared_ptr<model::Decoder>(d.release(), [self](model::Decoder* p) {
    std::unique_ptr<model::Decoder> back(p);
    std::lock_guard lock(self->mu_);
    if (self->free_.size() < 64) self->free_.push_back(std::move(back));
  });
}

size_t DecoderPool::idle() const {
  std::lock_guard lock(mu_);
  return free_.size();
}

} // namespace axl::prose
