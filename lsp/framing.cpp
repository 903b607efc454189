#include "framing.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "json_rpc.h"

namespace axl::lsp {
namespace {

// A header line is `Name: value` with a token name.
bool is_header_line(std::string_view line) {
  auto colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  return std::all_of(line.begin(), line.begin() + colon, [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

} // namespace

void MessageReader::error(int code, std::string message) {
  events_.push_back({FrameEvent::Kind::Error, {}, code, std::move(message)});
}

FrameEvent MessageReader::pop_event() {
  FrameEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

void MessageReader::feed(std::string_view bytes) {
  if (skip_remaining_ > 0) {
    size_t n = std::min(skip_remaining_, bytes.size());
    skip_remaining_ -= n;
    bytes.remove_prefix(n);
  }
  buffer_.append(bytes);
  parse();
}

// Returns whether a body follows. Lenient where it costs nothing: header names are
// case-insensitive, stray bytes before the header (left by a wrong Content-Length) are reported
// and skipped, and the last Content-Length wins.
bool MessageReader::parse_header_block(std::string_view block) {
  static constexpr std::string_view kName = "content-length:";
  std::string lower(block);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t at = lower.rfind(kName);
  if (at == std::string::npos) {
    error(error_code::ParseError, "invalid message header: no Content-Length");
    return false;
  }
  // Every line before the Content-Length one must be a header line, or we resynchronized.
  size_t line_start = block.rfind("\r\n", at);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 2;
  bool garbage = line_start != at;
  for (size_t pos = 0; pos < line_start && !garbage;) {
    size_t end = block.find("\r\n", pos);
    if (!is_header_line(block.substr(pos, end - pos))) garbage = true;
    pos = end + 2;
  }
  if (garbage)
    error(error_code::ParseError, "skipped bytes that are not a message header before "
                                  "Content-Length (was the previous Content-Length wrong?)");

  std::string_view value = block.substr(at + kName.size());
  value = value.substr(0, value.find("\r\n"));
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  bool digits = !value.empty() && value.size() <= 19 &&
                std::all_of(value.begin(), value.end(),
                            [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (!digits) {
    error(error_code::ParseError, "invalid message header: Content-Length is not a number: '" +
                                      std::string(value.substr(0, 40)) + "'");
    return false;
  }
  body_length_ = std::stoull(std::string(value));
  if (body_length_ > max_body_) {
    error(error_code::InvalidRequest, "message of " + std::to_string(body_length_) +
                                          " bytes exceeds the limit of " +
                                          std::to_string(max_body_) + " bytes; skipped");
    skip_remaining_ = body_length_;
    return false;
  }
  return true;
}

void MessageReader::parse() {
  for (;;) {
    if (!in_body_) {
      size_t end = buffer_.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (buffer_.size() > kMaxHeaderBytes) {
          error(error_code::ParseError, "message header longer than " +
                                            std::to_string(kMaxHeaderBytes) + " bytes; skipped");
          buffer_.erase(0, buffer_.size() - 3); // keep a possibly split "\r\n\r"
        }
        return;
      }
      std::string block = buffer_.substr(0, end);
      buffer_.erase(0, end + 4);
      if (!parse_header_block(block)) {
        if (skip_remaining_ > 0) { // the oversized body may already be partly buffered
          size_t n = std::min(skip_remaining_, buffer_.size());
          buffer_.erase(0, n);
          skip_remaining_ -= n;
        }
        continue;
      }
      in_body_ = true;
    }
    if (buffer_.size() < body_length_) return;
    events_.push_back({FrameEvent::Kind::Message, buffer_.substr(0, body_length_), 0, {}});
    buffer_.erase(0, body_length_);
    in_body_ = false;
  }
}

std::string frame_message(std::string_view body) {
  std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out.append(body);
  return out;
}

} // namespace axl::lsp
