#!/usr/bin/env python3
"""The language server on big documents (a benchmark, not a test; issue 16 item 3).

For each size: didOpen, time to the first diagnostics, a small document's codeAction sent right
after the big didOpen (how long the I/O thread keeps it waiting), codeAction on the big document,
then EDITS one-line didChange edits and the server's RSS (VmRSS, VmHWM from /proc/PID/status)
after every 100 of them (once a codeAction shows the server caught up) and after 3 s idle. Server
CPU seconds (/proc/PID/stat) are printed too: on a busy machine wall time says little.

Usage: big_document.py AXL_DOCS_BINARY [SIZE_MB ...] [--edits N]
  e.g. big_document.py build/app/axl-docs 0.8 2 5 --edits 300
"""
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "lsp"))
import run_transcript  # noqa: E402
from run_transcript import Server, frame  # noqa: E402

run_transcript.TIMEOUT = 300.0  # the slow cases are what is measured

BIG = "file:///tmp/axl_bench/big.py"
SMALL = "file:///tmp/axl_bench/small.py"
FUNCTION = ("\n\ndef get_item_%d(path: str, count: int = 3, *args, **kwargs) -> list[str]:\n"
            "    if count < 0:\n        raise ValueError(path)\n    items = os.listdir(path)\n"
            "    return items[:count]\n")


def big_file(megabytes):
    parts, size, i = ['"""Bench module."""\n', "import os\n"], 0, 0
    while size < megabytes * 1e6:
        parts.append(FUNCTION % i)
        size += len(parts[-1])
        i += 1
    return "".join(parts)


def cpu_s(pid):
    """The server's user + system CPU seconds (the machine may be busy: wall time is not all)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid):
    found = {}
    with open("/proc/%d/status" % pid) as f:
        for row in f:
            key, _, value = row.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) / 1024
    return found


class Client:
    def __init__(self, binary):
        self.server = Server(binary)
        self.next_id = 0

    def notify(self, method, params):
        self.server.send(frame(json.dumps({"jsonrpc": "2.0", "method": method,
                                           "params": params}).encode()))

    def request(self, method, params=None):
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.server.send(frame(json.dumps(message).encode()))
        return self.next_id

    def wait(self, pattern):
        t0 = time.perf_counter()
        reply = self.server.expect(pattern, {})
        return time.perf_counter() - t0, reply


def code_action(client, uri, line):
    return client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
        "context": {"diagnostics": []}})


def run(binary, megabytes, edits):
    text = big_file(megabytes)
    client = Client(binary)
    client.request("initialize", {"capabilities": {}})
    client.wait({"id": 1})
    client.notify("initialized", {})
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": SMALL, "languageId": "python", "version": 1, "text": FUNCTION % 0}})
    client.wait({"method": "textDocument/publishDiagnostics", "params": {"uri": SMALL}})
    pid = client.server.proc.pid
    base, cpu0 = memory_mb(pid), cpu_s(pid)
    t0 = time.perf_counter()
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": BIG, "languageId": "python", "version": 1, "text": text}})
    small_id = code_action(client, SMALL, 2)
    client.wait({"id": small_id})
    small_s = time.perf_counter() - t0
    client.wait({"method": "textDocument/publishDiagnostics", "params": {"uri": BIG}})
    diagnostics_s = time.perf_counter() - t0
    open_cpu = cpu_s(pid) - cpu0
    t1 = time.perf_counter()
    client.wait({"id": code_action(client, BIG, 4)})
    action_s = time.perf_counter() - t1
    t2, rss = time.perf_counter(), []
    for k in range(edits):
        line = 5 + 7 * k % (text.count("\n") - 8)
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": BIG, "version": 2 + k}, "contentChanges": [{
                "range": {"start": {"line": line, "character": 0},
                          "end": {"line": line, "character": 0}}, "text": "# edit\n"}]})
        if (k + 1) % 100 == 0 or k + 1 == edits:  # RSS once the server has caught up
            client.wait({"id": code_action(client, BIG, 4)})
            rss.append("%.0f" % memory_mb(pid)["VmRSS"])
    after_edits_s = time.perf_counter() - t2
    edits_cpu = cpu_s(pid) - cpu0 - open_cpu
    time.sleep(3)
    idle = memory_mb(pid)
    client.request("shutdown")
    client.wait({"id": client.next_id})
    client.notify("exit", None)
    client.server.proc.wait(timeout=30)
    print("%.1f MB document (%d lines): small codeAction after big didOpen %.2f s, first "
          "diagnostics %.2f s (server CPU %.2f s), codeAction %.2f s, %d edits + codeAction %.2f s "
          "(server CPU %.2f s); RSS %.0f MB before open, %s MB every 100 edits, %.0f MB idle 3 s "
          "later (peak %.0f MB)" % (
              len(text) / 1e6, text.count("\n"), small_s, diagnostics_s, open_cpu, action_s,
              edits, after_edits_s, edits_cpu, base["VmRSS"], "/".join(rss), idle["VmRSS"],
              idle["VmHWM"]))
    sys.stdout.flush()


def main():
    args = sys.argv[1:]
    edits = 300
    if "--edits" in args:
        i = args.index("--edits")
        edits = int(args[i + 1])
        del args[i:i + 2]
    binary, sizes = args[0], [float(s) for s in args[1:]] or [0.8, 2.0, 5.0]
    for megabytes in sizes:
        run(binary, megabytes, edits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
