#include "api/sse.h"

#include "api/openai_responses.h"
#include "model/tokenizer.h"

namespace axl::api {

std::string sse_event(const nlohmann::json& data) {
  return "data: " + dump(data) + "\n\n";
}

std::string Utf8Chunker::push(std::string_view bytes) {
  pending_.append(bytes);
  size_t cut = pending_.size();
  // Look back over at most 3 bytes for the lead byte of an unfinished sequence.
  for (size_t k = 1; k <= 3 && k <= pending_.size(); ++k) {
    const auto b = static_cast<unsigned char>(pending_[pending_.size() - k]);
    if ((b & 0xC0) == 0x80) continue; // continuation byte
    const size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    if (len > k) cut = pending_.size() - k;
    break;
  }
  std::string out = model::sanitize_utf8(std::string_view(pending_).substr(0, cut));
  pending_.erase(0, cut);
  return out;
}

std::string Utf8Chunker::finish() {
  std::string out = model::sanitize_utf8(pending_);
  pending_.clear();
  return out;
}

} // namespace axl::api
