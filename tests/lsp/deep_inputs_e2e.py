#!/usr/bin/env python3
"""The language server on deeply nested documents (tests/cli/deep_inputs.py): each didOpen gets
its diagnostics and the server keeps answering; never a crash.

Usage: deep_inputs_e2e.py AXL_DOCS_BINARY
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
from deep_inputs import DEEP_INPUTS  # noqa: E402
from run_transcript import Failure, check_with_server, frame  # noqa: E402


def open_each(server):
    def send(obj):
        server.send(frame(json.dumps(obj).encode()))
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    server.expect({"id": 1, "result": "<any>"}, {})
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    for n, (name, code) in enumerate(DEEP_INPUTS.items()):
        uri = f"file:///tmp/axl_deep/{name}.py"
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": code}}})
        diags = server.expect({"method": "textDocument/publishDiagnostics",
                               "params": {"uri": uri}}, {})["params"]["diagnostics"]
        if not any(d.get("code") == "D100" for d in diags):
            raise Failure(f"{name}: no D100 for the missing module docstring: {diags}")
        send({"jsonrpc": "2.0", "id": 10 + n, "method": "textDocument/codeAction", "params": {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}},
            "context": {"diagnostics": []}}})
        server.expect({"id": 10 + n, "result": "<any>"}, {})
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    server.expect({"id": 2, "result": None}, {})
    send({"jsonrpc": "2.0", "method": "exit"})
    status = server.proc.wait(timeout=30)
    if status != 0:
        raise Failure(f"exit status {status}")


def main():
    return check_with_server(sys.argv[1], open_each)


if __name__ == "__main__":
    sys.exit(main())
