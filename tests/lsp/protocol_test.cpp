#include "lsp/protocol.h"

#include <catch2/catch.hpp>

using namespace axl::lsp;

TEST_CASE("protocol: position encoding negotiation", "[lsp][protocol]") {
  auto caps = [](json list) { return json{{"general", {{"positionEncodings", list}}}}; };
  CHECK(negotiate_encoding(json::object()) == PositionEncoding::Utf16);
  CHECK(negotiate_encoding(caps({"utf-16"})) == PositionEncoding::Utf16);
  CHECK(negotiate_encoding(caps({"utf-16", "utf-8"})) == PositionEncoding::Utf8);
  CHECK(negotiate_encoding(caps({"utf-8", "utf-32"})) == PositionEncoding::Utf8);
  CHECK(negotiate_encoding(caps({"utf-32", "utf-8"})) == PositionEncoding::Utf32);
  CHECK(negotiate_encoding(caps({"utf-16", "utf-32"})) == PositionEncoding::Utf16);
  CHECK(negotiate_encoding(caps({42, "bogus"})) == PositionEncoding::Utf16);
  CHECK(negotiate_encoding(json{{"general", 3}}) == PositionEncoding::Utf16);
}

TEST_CASE("protocol: bad params become InvalidParams naming the field", "[lsp][protocol]") {
  auto code_of = [](auto fn) {
    try {
      fn();
    } catch (const RpcError& e) {
      return e.code;
    }
    return 0;
  };
  CHECK(code_of([] {
          parse_position(json{{"line", -1}, {"character", 0}});
        }) == error_code::InvalidParams);
  CHECK(code_of([] {
          parse_position(json{{"line", 1.5}, {"character", 0}});
        }) == error_code::InvalidParams);
  CHECK(code_of([] {
          parse_position(json{{"line", 1ull << 40}, {"character", 0}});
        }) == error_code::InvalidParams);
  CHECK(code_of([] {
          parse_position(json{{"line", "1"}, {"character", 0}});
        }) == error_code::InvalidParams);
  CHECK(code_of([] {
          parse_did_open(json{{"textDocument", {{"uri", "x"}}}});
        }) == error_code::InvalidParams);
  CHECK(code_of([] { parse_did_change(json::array()); }) == error_code::InvalidParams);
  CHECK(code_of([] {
          parse_did_change(json{{"textDocument", {{"uri", "u"}, {"version", 2}}},
                                {"contentChanges", {{{"text", 5}}}}});
        }) == error_code::InvalidParams);
  try {
    parse_text_document_uri(json{{"textDocument", {{"uri", 7}}}});
    FAIL("expected an error");
  } catch (const RpcError& e) {
    CHECK_THAT(e.what(), Catch::Contains("'uri' must be a string"));
  }
}

TEST_CASE("protocol: didChange keeps changes in order, range optional", "[lsp][protocol]") {
  auto p = parse_did_change(json::parse(R"({"textDocument":{"uri":"file:///a.py","version":3},
    "contentChanges":[{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":2}},
    "text":"x"},{"text":"all"}]})"));
  REQUIRE(p.changes.size() == 2);
  CHECK(p.version == 3);
  CHECK(p.changes[0].range == Range{{0, 1}, {0, 2}});
  CHECK_FALSE(p.changes[1].range);
}

TEST_CASE("protocol: workspace edits in both shapes", "[lsp][protocol]") {
  std::vector<TextEdit> edits = {{{{1, 0}, {1, 0}}, "x"}};
  json a = workspace_edit("file:///a.py", 4, edits, true);
  CHECK(a["documentChanges"][0]["textDocument"]["version"] == 4);
  CHECK(a["documentChanges"][0]["edits"][0]["newText"] == "x");
  json b = workspace_edit("file:///a.py", 4, edits, false);
  CHECK(b["changes"]["file:///a.py"][0]["range"]["start"]["line"] == 1);
}

TEST_CASE("json_rpc: replies never throw on invalid UTF-8", "[lsp][protocol]") {
  json m = make_error(nullptr, -32700, std::string("bad \xff byte"));
  CHECK_NOTHROW(dump_message(m));
  CHECK_THAT(dump_message(m), Catch::Contains("\xEF\xBF\xBD"));
}
