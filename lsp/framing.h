// LSP base protocol framing: `Content-Length: N\r\n\r\n` + N bytes of JSON. The reader is a pure
// state machine (bytes in, messages out) so every edge case is unit-testable without I/O.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace axl::lsp {

struct FrameEvent {
  enum class Kind { Message, Error };
  Kind kind = Kind::Message;
  std::string body;  // Message: the JSON text
  int code = 0;      // Error: JSON-RPC error code for the reply with id null
  std::string error; // Error: what was wrong, for the client and the log
};

class MessageReader {
public:
  static constexpr size_t kDefaultMaxBody = 64u << 20;
  static constexpr size_t kMaxHeaderBytes = 64u << 10;

  explicit MessageReader(size_t max_body = kDefaultMaxBody) : max_body_(max_body) {}

  void feed(std::string_view bytes);
  bool has_event() const { return !events_.empty(); }
  FrameEvent pop_event();
  // Bytes received but not yet part of a complete message (e.g. a truncated body at EOF).
  size_t pending_bytes() const { return buffer_.size(); }
  // Bytes still expected by an announced body (or being skipped): 0 when between messages.
  size_t bytes_to_resync() const {
    return skip_remaining_ +
           (in_body_ && body_length_ > buffer_.size() ? body_length_ - buffer_.size() : 0);
  }

private:
  void parse();
  bool parse_header_block(std::string_view block);
  void error(int code, std::string message);

  size_t max_body_;
  std::string buffer_;
  size_t body_length_ = 0;
  bool in_body_ = false;
  size_t skip_remaining_ = 0; // bytes of an oversized body still to discard
  std::deque<FrameEvent> events_;
};

// The bytes to write for one message.
std::string frame_message(std::string_view body);

} // namespace axl::lsp
