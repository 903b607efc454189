#!/usr/bin/env python3
"""Robustness e2e: ~1500 malformed inputs on the real binary's stdin (bad headers, wrong
Content-Length, truncated bodies, invalid JSON and UTF-8, wrong types, huge ids, out-of-range
positions, unknown URIs), then a valid request that must still be answered, then a clean exit.

Usage: malformed_stream.py AXL_DOCS_BINARY
"""
import json
import random
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, __import__("os").path.dirname(__file__))
from run_transcript import Failure, Server, frame  # noqa: E402

URI = "file:///tmp/axl_lsp_fuzz/m.py"


def good(obj):
    return frame(json.dumps(obj).encode())


def cases(rng):
    text = "class C:\n    def m(self, a):\n        return a\n\ndef f(x):\n    '''\n"
    yield good({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": URI, "languageId": "python", "version": 1, "text": text}}})
    weird = [None, -1, 2**31, 2**64 + 5, 1.5, "x", [], {}, True, "\udcff" * 0 + "\u00e9\U0001F600",
             10**30]
    methods = ["textDocument/codeAction", "codeAction/resolve", "textDocument/completion",
               "workspace/executeCommand", "textDocument/didChange", "textDocument/hover",
               "textDocument/didClose", "$/cancelRequest", 5, None]
    for i in range(1500):
        kind = rng.randrange(9)
        body = json.dumps({"jsonrpc": "2.0", "id": i, "method": "textDocument/completion", "params": {
            "textDocument": {"uri": URI}, "position": {"line": rng.randrange(100),
                                                        "character": rng.randrange(10**6)}}}).encode()
        if kind == 0:  # bad header
            yield rng.choice([b"Content-Length: abc\r\n\r\n", b"Content-Lenght: 5\r\n\r\n",
                              b"Content-Length: -3\r\n\r\n", b"X: y\r\n\r\n", b"\r\n\r\n",
                              b"Content-Length: 99999999999999999999999\r\n\r\n"])
        elif kind == 1:  # wrong Content-Length (bounded so the stream can recover)
            yield b"Content-Length: %d\r\n\r\n" % max(0, len(body) + rng.randrange(-20, 20)) + body
        elif kind == 2:  # truncated body followed by a fresh header
            yield b"Content-Length: %d\r\n\r\n" % len(body) + body[:rng.randrange(len(body))] + b"\r\n\r\n"
        elif kind == 3:  # invalid JSON / UTF-8
            yield frame(rng.choice([b"{", b"nul", b"{\"a\":\xff}", b"\xc3\x28", b"[1,]", b"",
                                    b"{\"id\":1,\"method\":\"x\"", b"\"just a string\""]))
        elif kind == 4:  # wrong types in the envelope
            yield good({"jsonrpc": "2.0", "id": rng.choice(weird), "method": rng.choice(methods),
                        "params": rng.choice(weird)})
        elif kind == 5:  # right envelope, wrong params
            yield good({"jsonrpc": "2.0", "id": 100000 + i, "method": rng.choice(methods[:7]),
                        "params": {"textDocument": {"uri": rng.choice([URI, "file:///none.py", 7]),
                                                    "version": rng.choice(weird)},
                                   "range": {"start": {"line": rng.choice(weird), "character": 0},
                                             "end": {"line": 2**40, "character": -1}},
                                   "position": {"line": rng.choice(weird), "character": 10**9},
                                   "contentChanges": [{"range": rng.choice(weird), "text": "x"}],
                                   "context": rng.choice(weird), "data": rng.choice(weird)}})
        elif kind == 6:  # out-of-range positions and edits that must clamp
            yield good({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": URI, "version": 2 + i}, "contentChanges": [{
                    "range": {"start": {"line": rng.randrange(1000), "character": rng.randrange(10**6)},
                              "end": {"line": rng.randrange(1000), "character": 0}},
                    "text": rng.choice(["", "x", "\"\"\"", "\r\n", "\U0001F600", "def g():\n"])}]}})
        elif kind == 7:  # a valid request now and then
            yield frame(body)
        else:  # random bytes
            yield bytes(rng.randrange(256) for _ in range(rng.randrange(40)))


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    server = Server(sys.argv[1])
    try:
        server.send(good({"jsonrpc": "2.0", "id": "init", "method": "initialize",
                          "params": {"capabilities": {}}}))
        server.expect({"id": "init", "result": "<any>"}, {})
        rng = random.Random(20261128)
        for chunk in cases(rng):
            server.send(chunk)
            server.pump(0)
        # Finish whatever was announced last, then a request that must be answered.
        server.send(b" " * 300 + b"\r\n\r\n")
        server.send(good({"jsonrpc": "2.0", "id": "final", "method": "shutdown"}))
        server.expect({"id": "final", "result": None}, {})
        for m in server.log:
            if m.get("jsonrpc") != "2.0":
                raise Failure("not a JSON-RPC 2.0 message: %r" % m)
        server.send(good({"jsonrpc": "2.0", "method": "exit"}))
        server.proc.stdin.close()
        status = server.proc.wait(timeout=10)
        if status != 0:
            raise Failure("exit status %d" % status)
        print("ok: %d messages from the server" % len(server.log))
        return 0
    except Failure as e:
        print("FAIL:", e)
        return 1
    finally:
        if server.proc.poll() is None:
            server.proc.kill()


if __name__ == "__main__":
    sys.exit(main())
