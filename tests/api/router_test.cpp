#include "api/api_error.h"
#include "api/router.h"
#include "fake_exchange.h"

#include <catch2/catch.hpp>

using namespace axl::api;
using axl::api::test::FakeExchange;

namespace {

Router make_router() {
  Router r;
  r.add(
      "GET", "/health",
      [](const Request&, const std::string&, const std::shared_ptr<Exchange>& ex) {
        ex->reply(200, {{"ok", true}});
      },
      true);
  r.add("POST", "/v1/things",
        [](const Request& req, const std::string&, const std::shared_ptr<Exchange>& ex) {
          if (req.body == "bad") throw invalid_request("Bad body.", "body");
          if (req.body == "crash") throw std::runtime_error("internal detail");
          ex->reply(201, {{"body", req.body}});
        });
  r.add_prefix("GET", "/v1/things/",
               [](const Request&, const std::string& id, const std::shared_ptr<Exchange>& ex) {
                 ex->reply(200, {{"id", id}});
               });
  return r;
}

std::shared_ptr<FakeExchange> call(const Router& r, Request req) {
  auto ex = std::make_shared<FakeExchange>();
  r.dispatch(req, ex);
  return ex;
}

} // namespace

TEST_CASE("routes by method and path", "[api][router]") {
  auto r = make_router();
  auto ok = call(r, {"POST", "/v1/things", "", "hello"});
  CHECK(ok->status == 201);
  CHECK(ok->json["body"] == "hello");
  auto id = call(r, {"GET", "/v1/things/abc", "", ""});
  CHECK(id->json["id"] == "abc");
}

TEST_CASE("404 and 405 with Allow", "[api][router]") {
  auto r = make_router();
  auto nf = call(r, {"GET", "/v1/nothing", "", ""});
  CHECK(nf->status == 404);
  CHECK(nf->json["error"]["code"] == "unknown_url");
  CHECK(call(r, {"GET", "/v1/things/", "", ""})->status == 404); // prefix needs a rest
  auto na = call(r, {"GET", "/v1/things", "", ""});
  CHECK(na->status == 405);
  CHECK(na->json["error"]["type"] == "invalid_request_error");
  REQUIRE(na->headers.size() == 1);
  CHECK(na->headers[0] == std::pair<std::string, std::string>{"Allow", "POST"});
}

TEST_CASE("handler errors become OpenAI error replies", "[api][router]") {
  auto r = make_router();
  auto bad = call(r, {"POST", "/v1/things", "", "bad"});
  CHECK(bad->status == 400);
  CHECK(bad->json["error"]["param"] == "body");
  auto crash = call(r, {"POST", "/v1/things", "", "crash"});
  CHECK(crash->status == 500);
  CHECK(crash->json["error"]["message"] == "Internal server error."); // no internals leak
}

TEST_CASE("the API key guards everything but open routes", "[api][router]") {
  auto r = make_router();
  r.set_api_key("sekrit");
  auto none = call(r, {"POST", "/v1/things", "", "x"});
  CHECK(none->status == 401);
  CHECK(none->json["error"]["code"] == "invalid_api_key");
  CHECK(call(r, {"POST", "/v1/things", "Bearer wrong", "x"})->status == 401);
  CHECK(call(r, {"POST", "/v1/things", "Bearer sekri", "x"})->status == 401);
  CHECK(call(r, {"POST", "/v1/things", "Bearer sekrit2", "x"})->status == 401);
  CHECK(call(r, {"POST", "/v1/things", "sekrit", "x"})->status == 401);
  CHECK(call(r, {"POST", "/v1/things", "Bearer sekrit", "x"})->status == 201);
  CHECK(call(r, {"GET", "/health", "", ""})->status == 200);
  // Unknown paths do not reveal themselves to unauthenticated clients.
  CHECK(call(r, {"GET", "/v1/nothing", "", ""})->status == 401);
  CHECK(call(r, {"GET", "/v1/nothing", "Bearer sekrit", ""})->status == 404);
}
