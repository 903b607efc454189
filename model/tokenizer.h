// Byte-level tokenizer: ids 0..255 are bytes, 256 = BOS, 257 = EOS. No training, no merges.
#pragma once

#include "config.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace axl::model {

std::vector<int> encode(std::string_view text, bool add_bos = false);
// Bytes are passed through unchanged (invalid UTF-8 is kept as is); BOS/EOS are dropped.
std::string decode_bytes(std::span<const int> ids);
// Like decode_bytes, but any invalid UTF-8 sequence becomes U+FFFD, so the text is valid UTF-8.
std::string decode_utf8(std::span<const int> ids);
// Repairs invalid UTF-8 by replacing each bad sequence with U+FFFD.
std::string sanitize_utf8(std::string_view bytes);

} // namespace axl::model
