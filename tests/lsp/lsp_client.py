"""A small LSP client over the real binary for e2e tests and benchmarks: timed requests,
notifications, and waiting for a message (run_transcript.Server does the framing)."""
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(__file__))
from run_transcript import Server, frame  # noqa: E402


class Client:
    def __init__(self, binary, args=()):
        self.server = Server(binary, tuple(args))
        self.next_id = 0

    def call(self, method, params):
        """Sends a request and waits for its reply: (milliseconds, reply)."""
        self.next_id += 1
        t0 = time.perf_counter()
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        reply = self.server.expect({"id": self.next_id}, {})
        return (time.perf_counter() - t0) * 1000, reply

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def send(self, message):
        self.server.send(frame(json.dumps(message).encode()))

    def wait(self, pattern):
        return self.server.expect(pattern, {})

    def initialize(self, capabilities, options=None):
        params = {"processId": None, "rootUri": None, "capabilities": capabilities}
        if options is not None:
            params["initializationOptions"] = options
        self.call("initialize", params)
        self.notify("initialized", {})

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "python", "version": version, "text": text}})

    def close(self):
        self.server.proc.kill()
        self.server.proc.wait()


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
