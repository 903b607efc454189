#!/usr/bin/env python3
"""LSP latency numbers (a benchmark, not a test): initialize, RSS, code-action listing on a
5,000-line file, resolve p50/p95, keystroke (incremental didChange + re-parse + listing).

Usage: bench_lsp.py AXL_DOCS_BINARY [N_FUNCTIONS]
"""
import json
import os
import statistics
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(__file__))
from run_transcript import Server, frame  # noqa: E402

URI = "file:///tmp/axl_bench/big.py"


def big_file(n):
    parts = ['"""Bench module."""\n', "import os\n\n"]
    for i in range(n):
        parts.append(
            "\n\ndef get_item_%d(path: str, count: int = 3, *args, **kwargs) -> list[str]:\n"
            "    if count < 0:\n        raise ValueError(path)\n    items = os.listdir(path)\n"
            "    return items[:count]\n" % i)
    return "".join(parts)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    binary = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 700
    text = big_file(n)
    lines = text.count("\n")
    ident = [0]

    def call(server, method, params):
        ident[0] += 1
        t0 = time.perf_counter()
        server.send(frame(json.dumps({"jsonrpc": "2.0", "id": ident[0], "method": method,
                                      "params": params}).encode()))
        reply = server.expect({"id": ident[0]}, {})
        return (time.perf_counter() - t0) * 1000, reply

    def notify(server, method, params):
        server.send(frame(json.dumps({"jsonrpc": "2.0", "method": method, "params": params}).encode()))

    t0 = time.perf_counter()
    server = Server(binary)
    init_ms, _ = call(server, "initialize", {"capabilities": {"textDocument": {"codeAction": {
        "codeActionLiteralSupport": {}, "resolveSupport": {"properties": ["edit"]}}}}})
    spawn_ms = (time.perf_counter() - t0) * 1000
    notify(server, "initialized", {})
    notify(server, "textDocument/didOpen", {"textDocument": {
        "uri": URI, "languageId": "python", "version": 1, "text": text}})
    server.expect({"method": "textDocument/publishDiagnostics"}, {})

    def listing(line):
        return call(server, "textDocument/codeAction", {
            "textDocument": {"uri": URI}, "range": {"start": {"line": line, "character": 0},
                                                    "end": {"line": line, "character": 0}},
            "context": {"diagnostics": []}})

    list_ms, actions = [], []
    for k in range(60):
        line = 5 + 7 * ((k * 37) % n)  # a def line
        ms, reply = listing(line)
        list_ms.append(ms)
        if reply["result"] and "data" in reply["result"][0]:
            actions.append(reply["result"][0])
    resolve_ms = []
    for a in actions:
        ms, reply = call(server, "codeAction/resolve", a)
        assert "edit" in reply.get("result", {}), reply
        resolve_ms.append(ms)

    def keystrokes(body_line, column, text, first_version):
        times = []
        for k in range(30):
            line = body_line + 7 * ((k * 13) % n)
            t0 = time.perf_counter()
            notify(server, "textDocument/didChange", {
                "textDocument": {"uri": URI, "version": first_version + k}, "contentChanges": [{
                    "range": {"start": {"line": line, "character": column},
                              "end": {"line": line, "character": column}}, "text": text}]})
            listing(line - 1)
            times.append((time.perf_counter() - t0) * 1000)
        return times

    # Typing inside a name keeps the file valid; typing `(` opens a syntax error that tree-sitter's
    # error recovery must absorb (the parse thread pays; the I/O thread stays free).
    valid_ms = keystrokes(8, 4, "x", 2)
    error_ms = keystrokes(6, 7, "(", 100)
    rss_kb = 0
    with open("/proc/%d/status" % server.proc.pid) as f:
        for row in f:
            if row.startswith("VmRSS:"):
                rss_kb = int(row.split()[1])
    server.proc.kill()
    server.proc.wait()
    print("file: %d lines, %d functions (heuristic text, no model)" % (lines, n))
    print("initialize: %.1f ms (reply), %.1f ms (spawn + reply)" % (init_ms, spawn_ms))
    print("RSS after open: %.1f MB" % (rss_kb / 1024))
    print("code-action listing: p50 %.2f ms, p95 %.2f ms (first, with extraction: %.2f ms)" % (
        pct(list_ms, 50), pct(list_ms, 95), list_ms[0]))
    print("resolve: p50 %.2f ms, p95 %.2f ms (%d actions)" % (
        pct(resolve_ms, 50), pct(resolve_ms, 95), len(resolve_ms)))
    print("keystroke, file stays valid (didChange + incremental re-parse + definitions + listing):"
          " p50 %.2f ms, p95 %.2f ms" % (pct(valid_ms, 50), pct(valid_ms, 95)))
    print("keystroke that opens a syntax error (same, with error recovery): p50 %.2f ms, p95 %.2f ms"
          % (pct(error_ms, 50), pct(error_ms, 95)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
