#!/usr/bin/env python3
"""The language server on a multi-megabyte document (issue 16 item 3): memory stays proportional
to the document however many edits arrive, and a small document's requests are answered while the
big one is still being analysed (the order of the replies, never wall time).

Usage: big_document_e2e.py AXL_DOCS_BINARY
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(__file__))
import run_transcript  # noqa: E402
from run_transcript import Failure, check_with_server, frame  # noqa: E402

run_transcript.TIMEOUT = 120.0  # parsing megabytes on a busy CI machine
BIG = "file:///tmp/axl_big/big.py"
SMALL = "file:///tmp/axl_big/small.py"
FUNCTION = ("\n\ndef get_item_%d(path: str, count: int = 3) -> list[str]:\n"
            "    if count < 0:\n        raise ValueError(path)\n"
            "    return os.listdir(path)[:count]\n")
EDITS = 400
# After the edits (the parse caught up), RSS may exceed the start-up RSS by this many times the
# document's size, whatever the number of edits: the text, its line index, tree-sitter's tree, the
# definitions and the diagnostics of a version or two. Before the fix a 2 MB document held ~150x
# after 200-600 edits; after it ~85x (lsp/README.md).
RSS_PER_BYTE = 110


def rss_bytes(pid, key="VmRSS"):
    """VmRSS (now) or VmHWM (the peak so far) of process `pid`."""
    with open("/proc/%d/status" % pid) as f:
        for row in f:
            if row.startswith(key + ":"):
                return int(row.split()[1]) * 1024
    raise Failure("no %s in /proc/%d/status" % (key, pid))


class Client:
    def __init__(self, server):
        self.server, self.next_id = server, 100

    def send(self, obj):
        self.server.send(frame(json.dumps(obj).encode()))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def code_action(self, uri, line):
        return self.request("textDocument/codeAction", {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": line, "character": 0},
                      "end": {"line": line, "character": 0}},
            "context": {"diagnostics": []}})

    def open(self, uri, text):
        self.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text}}})

    def first_of(self, *patterns):
        """Waits until one of `patterns` arrives; returns its position in `patterns`."""
        while True:
            for i, m in enumerate(self.server.messages):
                for k, pattern in enumerate(patterns):
                    if run_transcript.matches(pattern, m, {}, {}):
                        del self.server.messages[i]
                        return k
            if not self.server.pump(run_transcript.TIMEOUT):
                raise Failure("the server ended while waiting for %s" % json.dumps(patterns))


def check(server):
    client = Client(server)
    text = '"""Big."""\nimport os\n' + "".join(FUNCTION % i for i in range(16000))  # ~2.6 MB
    client.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    server.expect({"id": 1, "result": "<any>"}, {})
    client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    client.open(SMALL, FUNCTION % 0)
    server.expect({"method": "textDocument/publishDiagnostics", "params": {"uri": SMALL}}, {})
    start_rss = rss_bytes(server.proc.pid)

    # A small document's request sent right after the big didOpen is answered before the big
    # document's analysis ends (its diagnostics, a code action on it sent first).
    client.open(BIG, text)
    big_id = client.code_action(BIG, 4)
    small_id = client.code_action(SMALL, 2)
    first = client.first_of({"id": small_id}, {"id": big_id},
                            {"method": "textDocument/publishDiagnostics", "params": {"uri": BIG}})
    if first != 0:
        raise Failure("the small document's codeAction was answered after the big document's "
                      "analysis (reply %d of [small, big codeAction, big diagnostics])" % first)
    server.expect({"id": big_id, "result": "<any>"}, {})

    # Bursts of one-line edits, the parse thread catching up after each (as an editor would ask for
    # code actions now and then), then one last burst right before the order check.
    lines = text.count("\n")

    def edit(k):
        line = 5 + (7 * k) % (lines - 8)
        client.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": BIG, "version": 2 + k}, "contentChanges": [{
                "range": {"start": {"line": line, "character": 0},
                          "end": {"line": line, "character": 0}}, "text": "# edit\n"}]}})

    for k in range(EDITS):
        edit(k)
        if k % 50 == 49:
            server.expect({"id": client.code_action(BIG, 4), "result": "<any>"}, {})
    for k in range(EDITS, EDITS + 20):
        edit(k)
    big_id = client.code_action(BIG, 4)
    small_id = client.code_action(SMALL, 2)
    if client.first_of({"id": small_id}, {"id": big_id}) != 0:
        raise Failure("after a burst of edits, the small document's codeAction waited for the "
                      "big one's re-parse")
    server.expect({"id": big_id, "result": "<any>"}, {})
    rss, peak = rss_bytes(server.proc.pid), rss_bytes(server.proc.pid, "VmHWM")
    bound = start_rss + RSS_PER_BYTE * len(text)
    print("document %.1f MB, RSS %.0f MB at start, %.0f MB after %d edits (bound %.0f MB), peak "
          "%.0f MB" % (len(text) / 1e6, start_rss / 1e6, rss / 1e6, EDITS + 20, bound / 1e6,
                       peak / 1e6))
    if rss > bound:
        raise Failure("RSS %.0f MB exceeds %d x the document + the start-up RSS (%.0f MB)"
                      % (rss / 1e6, RSS_PER_BYTE, bound / 1e6))

    client.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    server.expect({"id": 2, "result": None}, {})
    client.send({"jsonrpc": "2.0", "method": "exit"})
    status = server.proc.wait(timeout=30)
    if status != 0:
        raise Failure("exit status %d" % status)


def main():
    return check_with_server(sys.argv[1], check)


if __name__ == "__main__":
    sys.exit(main())
