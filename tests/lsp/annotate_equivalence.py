#!/usr/bin/env python3
"""The LSP's "Generate all missing docstrings in file" gives exactly what `axl-docs annotate -`
writes to the file (same composer): for each file, apply the workspace/applyEdit edits (utf-8 positions) and
compare with annotate's stdout.

Usage: annotate_equivalence.py AXL_DOCS_BINARY FILE.py...
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(__file__))
from run_transcript import Failure, Server, frame  # noqa: E402


def apply_edits(data: bytes, edits):
    lines = data.split(b"\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1

    def offset(p):
        if p["line"] >= len(lines):
            return len(data)
        return starts[p["line"]] + p["character"]

    spans = sorted(((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"].encode())
                    for e in edits), reverse=True)
    for start, end, text in spans:
        data = data[:start] + text + data[end:]
    return data


def check(binary, path):
    data = open(path, "rb").read()
    # annotate the file in place in a scratch copy (stdin would lose the module name).
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, os.path.basename(path))
        shutil.copyfile(path, copy)
        # --include-modules: "Document file" in an editor adds the module docstring too.
        # --style google: the server's default; the CLI would follow the file's own convention.
        subprocess.run([binary, "annotate", "--no-model", "--include-modules", "--style", "google",
                        copy],
                       capture_output=True, timeout=30)
        expected = open(copy, "rb").read()
    server = Server(binary)
    try:
        def send(obj):
            server.send(frame(json.dumps(obj).encode()))
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {
            "general": {"positionEncodings": ["utf-8"]}, "workspace": {"applyEdit": True}}}})
        server.expect({"id": 1, "result": {"capabilities": {"positionEncoding": "utf-8"}}}, {})
        uri = "file:///tmp/axl_equiv/" + os.path.basename(path)
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": data.decode("utf-8")}}})
        send({"jsonrpc": "2.0", "id": 2, "method": "workspace/executeCommand", "params": {
            "command": "axl-docs.generateFileDocstrings", "arguments": [{"uri": uri}]}})
        captures = {}
        apply = server.expect({"method": "workspace/applyEdit", "id": "$id"}, captures)
        got = apply_edits(data, apply["params"]["edit"]["changes"][uri])
        send({"jsonrpc": "2.0", "id": captures["id"], "result": {"applied": True}})
        server.expect({"id": 2, "result": {"applied": True}}, {})
        if got != expected:
            raise Failure("%s: LSP result differs from annotate:\n--- lsp\n%s\n--- annotate\n%s" % (
                path, got.decode(errors="replace"), expected.decode(errors="replace")))
    finally:
        server.proc.kill()
        server.proc.wait()


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    try:
        for path in sys.argv[2:]:
            check(sys.argv[1], path)
    except Failure as e:
        print("FAIL:", e)
        return 1
    print("ok: %d files" % (len(sys.argv) - 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
