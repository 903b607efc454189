"""How `axl-docs serve` behaves under real clients: keep-alive and pipelining, slow clients,
clients leaving mid-stream, a full queue, 50 concurrent clients, graceful shutdown."""
import json
import os
import signal
import socket
import sys
import threading
import time

from server_harness import (Server, check, check_error, main, read_event, recv_until_closed)

LONG = {"prompt": "def f(x):", "max_tokens": 1000000, "ignore_eos": True, "stream": True}


def test_keep_alive_and_pipelining(binary, model):
    with Server(binary, model, "--threads", "2") as s:
        conn = s.conn()
        statuses = []
        for i in range(3):
            st, _, body = s.post("/v1/completions", {"prompt": f"x{i}", "max_tokens": 4}, conn=conn)
            statuses.append(st)
            if i == 0:
                first_sock = conn.sock
        check(statuses == [200, 200, 200], f"keep-alive statuses {statuses}")
        check(conn.sock is first_sock, "three requests used one connection")
        conn.close()
        # Two requests written at once are answered in order on the same connection.
        sock = s.socket()
        sock.sendall(b"GET /v1/models HTTP/1.1\r\nHost: t\r\n\r\n"
                     b"GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        data = recv_until_closed(sock)
        sock.close()
        check(data.count(b"HTTP/1.1 200 OK") == 2, f"pipelined: {data[:200]!r}")
        check(data.index(b'"object":"list"') < data.index(b'"status":"ok"'), "pipelined order")
        # Expect: 100-continue gets its interim answer before the body is sent.
        sock = s.socket()
        body = json.dumps({"prompt": "e", "max_tokens": 2}).encode()
        sock.sendall(b"POST /v1/completions HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                     b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
        interim = sock.recv(64)
        check(interim == b"HTTP/1.1 100 Continue\r\n\r\n", f"100-continue: {interim!r}")
        sock.sendall(body)
        data = recv_until_closed(sock)
        sock.close()
        check(data.startswith(b"HTTP/1.1 200 OK") and b'"text_completion"' in data, "after 100")
        # HTTP/1.0 without keep-alive gets its answer and a closed connection.
        sock = s.socket()
        sock.sendall(b"GET /health HTTP/1.0\r\n\r\n")
        data = recv_until_closed(sock)
        sock.close()
        check(data.startswith(b"HTTP/1.0 200 OK") and b'"status":"ok"' in data, "HTTP/1.0")


def test_docstrings_endpoint(binary, model):
    code = "def fetch(url: str, retries: int = 3) -> bytes:\n    return b''\n"
    with Server(binary, model, "--threads", "1") as s:
        st, _, body = s.post("/v1/docstrings", {"code": code, "line": 1, "style": "sphinx"})
        check(st == 200, f"docstrings: {st} {body}")
        d = body["docstrings"][0]
        check(d["name"] == "fetch" and ":param url:" in d["docstring"], f"docstring {d}")
        check(body["new_code"].startswith(code.split("\n")[0] + '\n    """'), "new_code")
        compile(body["new_code"], "<new_code>", "exec")  # still valid Python


def test_deeply_nested_code(binary, model):
    """Code nested far deeper than a recursive tree walk survives (issue 16): answered, not a crash."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
    from deep_inputs import DEEP_INPUTS  # noqa: E402
    with Server(binary, model, "--threads", "1", "--docstrings", "heuristic") as s:
        for name, code in DEEP_INPUTS.items():
            st, _, body = s.post("/v1/docstrings", {"code": code})
            check(st == 200, f"{name}: {st} {body}")
            check(body["new_code"].startswith('"""'), f"{name}: module docstring added")
        s.health()  # the server is still up


def test_slow_client_is_cut_off(binary, model):
    with Server(binary, model, "--threads", "1", "--timeout", "3") as s:
        slow = s.socket()
        slow.sendall(b"POST /v1/completions HTTP/1.1\r\nHost: t\r\n")  # ...and never finishes
        idle = s.socket()  # connects and says nothing
        t0 = time.time()
        st, _, body = s.post("/v1/completions", {"prompt": "x", "max_tokens": 4})
        check(st == 200 and time.time() - t0 < 2.0, "others are served while a client dawdles")
        for sock, what in ((slow, "half-sent request"), (idle, "idle connection")):
            data = recv_until_closed(sock, timeout=8)
            check(data == b"", f"{what}: unexpected answer {data[:60]!r}")
            check(2.5 < time.time() - t0 < 6, f"{what} closed after the timeout")
            sock.close()
        check(s.health()["status"] == "ok", "server answers after timeouts")


def test_disconnect_mid_stream_cancels(binary, model):
    with Server(binary, model, "--threads", "1", "--max-tokens", "1000000") as s:
        before = s.health()["cancelled"]
        conn, resp = s.open_stream(LONG)
        first = json.loads(read_event(resp))
        check(first["object"] == "text_completion", f"first event {first}")
        conn.sock.shutdown(socket.SHUT_RDWR)
        conn.close()
        # 1M bytes take ~15 s on the tiny model; cancellation ends it within moments.
        h = s.wait_health(lambda h: h["cancelled"] > before and h["busy"] == 0,
                          "the generation to be cancelled", timeout=5)
        check(h["completed"] == 0, f"cancelled generation counted as completed: {h}")
        st, _, body = s.post("/v1/completions", {"prompt": "x", "max_tokens": 4})
        check(st == 200, "the worker is free again")


def test_stalled_reader_is_cut_off(binary, model):
    with Server(binary, model, "--threads", "1", "--timeout", "1",
                "--max-tokens", "1000000") as s:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(10)
        sock.connect(("127.0.0.1", s.port))
        body = json.dumps(LONG).encode()
        sock.sendall(b"POST /v1/completions HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n"
                     % len(body) + body)
        # ... and never reads: the stalled write times out (or the output cap trips).
        h = s.wait_health(lambda h: h["cancelled"] == 1 and h["busy"] == 0,
                          "the stalled stream to be cancelled", timeout=10)
        check(h["completed"] == 0, f"{h}")
        sock.close()


def test_queue_full(binary, model):
    with Server(binary, model, "--threads", "1", "--batch", "1", "--max-queue", "1",
                "--max-tokens", "1000000") as s:
        conn, resp = s.open_stream(LONG)  # occupies the only worker
        read_event(resp)
        result = {}

        def queued_request():
            result["reply"] = s.post("/v1/completions", {"prompt": "q", "max_tokens": 4})

        waiter = threading.Thread(target=queued_request)
        waiter.start()
        s.wait_health(lambda h: h["queued"] == 1, "the second request to be queued")
        st, hdrs, body = s.post("/v1/completions", {"prompt": "r", "max_tokens": 4})
        check_error(st, body, 503, code="server_overloaded", what="queue full")
        check(hdrs.get("retry-after") == "1", f"503 without Retry-After: {hdrs}")
        st, _, body = s.post("/v1/chat/completions",
                             {"messages": [{"role": "user", "content": "hi"}]})
        check_error(st, body, 503, code="server_overloaded", what="queue full (chat)")
        conn.close()  # frees the worker: the queued request runs
        waiter.join(timeout=10)
        check(not waiter.is_alive(), "queued request finished")
        check(result["reply"][0] == 200, f"queued request: {result['reply']}")
        check(s.health()["rejected"] == 2, "two requests rejected")


def test_fifty_concurrent_clients(binary, model):
    with Server(binary, model, "--threads", "2") as s:
        n = 50
        results = [None] * n
        barrier = threading.Barrier(n)

        def client(i):
            barrier.wait(timeout=10)
            try:
                body = {"prompt": f"def f{i}(x):", "max_tokens": 16, "seed": i, "ignore_eos": True}
                if i % 5 == 0:
                    results[i] = s.post("/v1/chat/completions",
                                        {"messages": [{"role": "user", "content": f"q{i}"}],
                                         "max_tokens": 16})
                else:
                    results[i] = s.post("/v1/completions", body)
            except Exception as e:  # reported below
                results[i] = e

        threads = [threading.Thread(target=client, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        for i, r in enumerate(results):
            check(isinstance(r, tuple) and r[0] == 200, f"client {i}: {r}")
            usage = r[2]["usage"]
            check(usage["completion_tokens"] <= 16, f"client {i} usage {usage}")
            if i % 5:
                check(r[2]["usage"]["completion_tokens"] == 16, f"client {i} got all bytes")
        # A worker counts as busy until just after its reply is queued.
        h = s.wait_health(lambda h: h["busy"] == 0 and h["queued"] == 0, "idle workers")
        check(h["completed"] == n and h["cancelled"] == 0, f"health after: {h}")
        st, _, body = s.post("/v1/completions", {"prompt": "after", "max_tokens": 4})
        check(st == 200, "server answers after the burst")


def test_graceful_shutdown(binary, model):
    s = Server(binary, model, "--threads", "1", "--shutdown-grace", "30", "--max-tokens", "30000")
    with s:
        idle = s.socket()
        s.request("GET", "/health")  # make sure the idle socket was accepted first
        conn, resp = s.open_stream(dict(LONG, max_tokens=30000))  # ~0.5 s of generation
        read_event(resp)
        s.proc.send_signal(signal.SIGTERM)
        check(recv_until_closed(idle, timeout=5) == b"", "idle connection closed on shutdown")
        idle.close()
        events = 0
        while True:
            ev = read_event(resp)
            check(ev is not None, "stream ended without [DONE] during shutdown")
            if ev == "[DONE]":
                break
            events += 1
        check(events > 0, "the running stream kept going")
        conn.close()
        code = s.proc.wait(timeout=10)
        check(code == 0, f"exit status {code}")
        try:
            socket.create_connection(("127.0.0.1", s.port), timeout=2).close()
            fail_msg = "still accepting after shutdown"
        except OSError:
            fail_msg = None
        check(fail_msg is None, fail_msg or "")


def test_second_signal_skips_the_grace(binary, model):
    with Server(binary, model, "--threads", "1", "--shutdown-grace", "60",
                "--max-tokens", "1000000") as s:
        conn, resp = s.open_stream(LONG)
        read_event(resp)
        t0 = time.time()
        s.proc.send_signal(signal.SIGINT)
        time.sleep(0.2)
        check(s.proc.poll() is None, "still finishing the stream after one signal")
        s.proc.send_signal(signal.SIGINT)
        while (ev := read_event(resp)) is not None:
            check(ev != "[DONE]", "an aborted stream must not claim to be done")
        code = s.proc.wait(timeout=10)
        check(code == 0 and time.time() - t0 < 5, f"exit status {code} after a second signal")


def test_shutdown_grace_expires(binary, model):
    with Server(binary, model, "--threads", "1", "--shutdown-grace", "0.3",
                "--max-tokens", "1000000") as s:
        conn, resp = s.open_stream(LONG)  # ~15 s: longer than the grace
        read_event(resp)
        t0 = time.time()
        s.proc.send_signal(signal.SIGTERM)
        while (ev := read_event(resp)) is not None:
            check(ev != "[DONE]", "a cancelled stream must not claim to be done")
        check(time.time() - t0 < 5, "the stream was cut at the end of the grace period")
        code = s.proc.wait(timeout=10)
        check(code == 0, f"exit status {code}")


if __name__ == "__main__":
    main([test_keep_alive_and_pipelining, test_docstrings_endpoint, test_deeply_nested_code,
          test_slow_client_is_cut_off,
          test_disconnect_mid_stream_cancels, test_stalled_reader_is_cut_off, test_queue_full, test_fifty_concurrent_clients,
          test_graceful_shutdown, test_shutdown_grace_expires, test_second_signal_skips_the_grace])
