"""Every error of `axl-docs serve` over real HTTP: status, OpenAI error shape, and that the server
keeps answering afterwards."""
import os

from server_harness import (Server, check, check_error, main, recv_until_closed)


def test_request_errors(binary, model):
    with Server(binary, model, "--threads", "1") as s:
        st, _, body = s.post("/v1/completions", b"{not json")
        check_error(st, body, 400, code="invalid_json", what="bad JSON")
        st, _, body = s.post("/v1/completions", b"[1, 2]")
        check_error(st, body, 400, code="invalid_json", what="JSON array body")
        st, _, body = s.post("/v1/completions", {"prompt": "x", "max_tokens": "ten"})
        check_error(st, body, 400, param="max_tokens", code="invalid_type", what="wrong type")
        st, _, body = s.post("/v1/completions", {"prompt": "x", "temperature": 9})
        check_error(st, body, 400, param="temperature", code="invalid_value", what="out of range")
        st, _, body = s.post("/v1/completions", {"max_tokens": 4})
        check_error(st, body, 400, param="prompt", what="missing prompt")
        st, _, body = s.post("/v1/chat/completions", {"messages": [{"role": "x", "content": ""}]})
        check_error(st, body, 400, param="messages[0].role", what="bad role")
        st, _, body = s.post("/v1/docstrings", {"code": "x = 1\n", "style": "fancy"})
        check_error(st, body, 400, param="style", what="bad style")
        st, _, body = s.post("/v1/completions", {"prompt": "x", "model": "gpt-4"})
        check_error(st, body, 404, param="model", code="model_not_found", what="unknown model")
        st, _, body = s.request("GET", "/v1/nothing")
        check_error(st, body, 404, code="unknown_url", what="unknown path")
        st, hdrs, body = s.request("GET", "/v1/completions")
        check_error(st, body, 405, what="wrong method")
        check(hdrs.get("allow") == "POST", f"405 Allow header: {hdrs}")
        st, hdrs, body = s.request("DELETE", "/v1/models")
        check_error(st, body, 405, what="DELETE models")
        check(s.health()["status"] == "ok", "server still answers after errors")


def test_body_cap(binary, model):
    with Server(binary, model, "--threads", "1", "--body-limit", "4096") as s:
        # Declared too large: refused from the headers, before the body is read.
        sock = s.socket()
        sock.sendall(b"POST /v1/completions HTTP/1.1\r\nHost: t\r\nContent-Type: application/json"
                     b"\r\nContent-Length: 100000\r\n\r\n")
        reply = recv_until_closed(sock)
        sock.close()
        check(reply.startswith(b"HTTP/1.1 413 "), f"declared big body: {reply[:80]!r}")
        check(b'"code":"request_too_large"' in reply, "413 body is an OpenAI error")
        # Chunked, no length: refused once the limit is crossed.
        sock = s.socket()
        sock.sendall(b"POST /v1/completions HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"x" * 1000
        for _ in range(5):
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        reply = recv_until_closed(sock)
        sock.close()
        check(reply.startswith(b"HTTP/1.1 413 "), f"chunked big body: {reply[:80]!r}")
        # A whole big body sent at once is refused too (the client gets the 413, not a reset).
        st, _, body = s.post("/v1/completions", {"prompt": "y" * 10000})
        check_error(st, body, 413, code="request_too_large", what="big body")
        # Just under the cap is fine.
        st, _, body = s.post("/v1/completions", {"prompt": "z" * 3900, "max_tokens": 2})
        check(st == 200, f"body under the cap: {st} {body}")


def test_malformed_requests(binary, model):
    with Server(binary, model, "--threads", "1") as s:
        for raw in (b"GARBAGE\r\n\r\n", b"GET /health HTTP/9.9\r\n\r\n",
                    b"GET /he alth HTTP/1.1\r\nHost: x\r\n\r\n",
                    b"POST /v1/completions HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
                    b"GET /health HTTP/1.1\r\nBad Header\r\n\r\n"):
            sock = s.socket()
            sock.sendall(raw)
            reply = recv_until_closed(sock)
            sock.close()
            check(reply.startswith(b"HTTP/1.1 400 "), f"{raw!r} answered {reply[:60]!r}")
            check(b'"code":"bad_request"' in reply, f"{raw!r}: OpenAI error body")
        sock = s.socket()
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
        reply = recv_until_closed(sock)
        sock.close()
        check(reply.startswith(b"HTTP/1.1 431 "), f"huge header answered {reply[:60]!r}")
        # Connecting and closing without a word is not an error either.
        s.socket().close()
        check(s.health()["status"] == "ok", "server still answers after malformed requests")


def test_api_key(binary, model):
    env = dict(os.environ, AXL_DOCS_API_KEY="from-env")
    for args, key in (((), "from-env"), (("--api-key", "from-flag"), "from-flag")):
        with Server(binary, model, "--threads", "1", *args, env=env) as s:
            st, _, body = s.request("GET", "/v1/models")
            check_error(st, body, 401, code="invalid_api_key", what="no key")
            st, _, body = s.request("GET", "/v1/models", headers={"Authorization": "Bearer nope"})
            check_error(st, body, 401, code="invalid_api_key", what="wrong key")
            st, _, body = s.post("/v1/completions", {"prompt": "x"},
                                 headers={"Authorization": "Bearer nope"})
            check_error(st, body, 401, what="wrong key on completions")
            st, _, body = s.request("GET", "/v1/models", headers={"Authorization": f"Bearer {key}"})
            check(st == 200 and body["data"][0]["id"] == "api-test-tiny", f"right key: {st} {body}")
            check(s.health()["status"] == "ok", "/health needs no key")


def test_public_bind_warning(binary, model):
    warning = b"without an API key"
    with Server(binary, model, "--threads", "1", "--host", "0.0.0.0") as s:
        check(warning in s.stderr, f"no warning for 0.0.0.0 without a key: {s.stderr!r}")
        check(s.health()["status"] == "ok", "serves on 0.0.0.0")
    with Server(binary, model, "--threads", "1", "--host", "0.0.0.0", "--api-key", "k") as s:
        check(warning not in s.stderr, "warning despite an API key")
    with Server(binary, model, "--threads", "1") as s:
        check(warning not in s.stderr, "warning on loopback")


if __name__ == "__main__":
    main([test_request_errors, test_body_cap, test_malformed_requests, test_api_key,
          test_public_bind_warning])
