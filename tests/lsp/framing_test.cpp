#include "lsp/framing.h"
#include "lsp/json_rpc.h"

#include <catch2/catch.hpp>

using namespace axl::lsp;

namespace {

std::vector<FrameEvent> drain(MessageReader& r) {
  std::vector<FrameEvent> out;
  while (r.has_event()) out.push_back(r.pop_event());
  return out;
}

} // namespace

TEST_CASE("framing: one message, split at every byte boundary", "[lsp][framing]") {
  std::string wire = frame_message(R"({"a":1})") + frame_message(R"({"b":"é"})");
  for (size_t cut = 0; cut <= wire.size(); ++cut) {
    MessageReader r;
    r.feed(std::string_view(wire).substr(0, cut));
    r.feed(std::string_view(wire).substr(cut));
    auto events = drain(r);
    REQUIRE(events.size() == 2);
    CHECK(events[0].body == R"({"a":1})");
    CHECK(events[1].body == R"({"b":"é"})");
    CHECK(r.pending_bytes() == 0);
  }
}

TEST_CASE("framing: header names are case-insensitive and other headers are allowed",
          "[lsp][framing]") {
  MessageReader r;
  r.feed("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
  auto events = drain(r);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == FrameEvent::Kind::Message);
  CHECK(events[0].body == "{}");
}

TEST_CASE("framing: missing or bad Content-Length is an error and the next message still parses",
          "[lsp][framing]") {
  const char* bad[] = {"Content-Type: x\r\n\r\n", "Content-Length: abc\r\n\r\n",
                       "Content-Length: -5\r\n\r\n", "Content-Length:\r\n\r\n",
                       "Content-Length: 99999999999999999999999\r\n\r\n"};
  for (const char* header : bad) {
    MessageReader r;
    r.feed(std::string(header) + frame_message("{}"));
    auto events = drain(r);
    REQUIRE(events.size() >= 2);
    CHECK(events.front().kind == FrameEvent::Kind::Error);
    CHECK(events.front().code == error_code::ParseError);
    CHECK(events.back().kind == FrameEvent::Kind::Message);
    CHECK(events.back().body == "{}");
  }
}

TEST_CASE("framing: oversized messages are skipped with a clear error", "[lsp][framing]") {
  MessageReader r(16);
  std::string big(100, 'x');
  r.feed("Content-Length: 100\r\n\r\n" + big.substr(0, 30));
  r.feed(big.substr(30) + frame_message("{}"));
  auto events = drain(r);
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == FrameEvent::Kind::Error);
  CHECK(events[0].code == error_code::InvalidRequest);
  CHECK_THAT(events[0].error, Catch::Contains("exceeds the limit of 16 bytes"));
  CHECK(events[1].body == "{}");
}

TEST_CASE("framing: a too-short Content-Length resynchronizes on the next header",
          "[lsp][framing]") {
  MessageReader r;
  r.feed("Content-Length: 3\r\n\r\n{\"a\":1}" + frame_message("{}"));
  auto events = drain(r);
  REQUIRE(events.size() == 3);
  CHECK(events[0].body == "{\"a");                  // what the wrong length said
  CHECK(events[1].kind == FrameEvent::Kind::Error); // the leftover bytes are reported
  CHECK(events[2].body == "{}");
}

TEST_CASE("framing: an endless header is cut off", "[lsp][framing]") {
  MessageReader r;
  r.feed(std::string(MessageReader::kMaxHeaderBytes + 10, 'h'));
  auto events = drain(r);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == FrameEvent::Kind::Error);
  r.feed("\n\r\n" + frame_message("{}"));
  events = drain(r);
  REQUIRE(!events.empty());
  CHECK(events.back().body == "{}");
}

TEST_CASE("framing: a truncated body stays pending", "[lsp][framing]") {
  MessageReader r;
  r.feed("Content-Length: 10\r\n\r\n{\"a\":");
  CHECK_FALSE(r.has_event());
  CHECK(r.pending_bytes() == 5);
}

TEST_CASE("framing: frame_message writes the byte length", "[lsp][framing]") {
  CHECK(frame_message("é") == "Content-Length: 2\r\n\r\né");
}
