#!/usr/bin/env python3
"""Runs a raw JSON-RPC transcript against `axl-docs lsp` (in the spirit of clangd's lit tests).

Usage: run_transcript.py AXL_DOCS_BINARY TRANSCRIPT.lsp

Transcript lines (a line starting with whitespace continues the previous directive; '#' comments):
  --> JSON          send one framed message; strings "$name" are replaced by captured values
  -->raw TEXT       send bytes as written (Python escapes such as \\r\\n are decoded)
  <-- JSON          wait (<= 10 s) for a message matching JSON; objects match on the keys given,
                    arrays element-wise and by length, "<any>" matches anything, "<absent>" a
                    missing key, "$name" captures a value (or compares with an earlier capture)
  <!- JSON          assert that no message matching JSON has arrived (after a short wait)
  exit N            close stdin and expect the exit status N
Messages are matched in arrival order, each one at most once; `--> ` is stdlib-only Python.
"""
import json
import os
import select
import subprocess
import sys
import tempfile
import time

TIMEOUT = 10.0


class Failure(Exception):
    pass


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def substitute(value, captures):
    if isinstance(value, str) and value.startswith("$") and value[1:] in captures:
        return captures[value[1:]]
    if isinstance(value, dict):
        return {k: substitute(v, captures) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, captures) for v in value]
    return value


def matches(pattern, value, captures, pending):
    """True when `value` matches `pattern`; new captures go to `pending` (committed on success)."""
    if pattern == "<any>":
        return True
    if isinstance(pattern, str) and pattern.startswith("$") and len(pattern) > 1:
        name = pattern[1:]
        if name in captures:
            return captures[name] == value
        pending[name] = value
        return True
    if isinstance(pattern, dict):
        if not isinstance(value, dict):
            return False
        for k, p in pattern.items():
            if p == "<absent>":
                if k in value:
                    return False
            elif k not in value or not matches(p, value[k], captures, pending):
                return False
        return True
    if isinstance(pattern, list):
        return (isinstance(value, list) and len(pattern) == len(value)
                and all(matches(p, v, captures, pending) for p, v in zip(pattern, value)))
    if isinstance(pattern, bool) or isinstance(value, bool):
        return pattern is value
    return pattern == value


class Server:
    def __init__(self, binary, args=("--no-model",)):
        # --no-model: transcripts expect the name heuristic's exact words, whatever model ships.
        # stderr goes to a file: an unread pipe could fill up and block the server.
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([binary, "lsp", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr)
        self.buffer = b""
        self.messages = []  # arrived, not yet matched
        self.log = []

    def send(self, data: bytes):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def pump(self, timeout):
        """Reads what is available within `timeout` seconds; False at EOF."""
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return True
        chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
        if not chunk:
            return False
        self.buffer += chunk
        while True:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end < 0:
                break
            header = self.buffer[:head_end].decode("ascii")
            length = None
            for line in header.split("\r\n"):
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if length is None:
                raise Failure("server sent a header without Content-Length: %r" % header)
            if len(self.buffer) < head_end + 4 + length:
                break
            body = self.buffer[head_end + 4:head_end + 4 + length]
            self.buffer = self.buffer[head_end + 4 + length:]
            message = json.loads(body.decode("utf-8"))
            self.messages.append(message)
            self.log.append(message)
        return True

    def expect(self, pattern, captures):
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, m in enumerate(self.messages):
                pending = {}
                if matches(pattern, m, captures, pending):
                    captures.update(pending)
                    del self.messages[i]
                    return m
            left = deadline - time.monotonic()
            if left <= 0 or not self.pump(min(left, 0.5)):
                if left > 0 and self.pump(0):
                    continue
                raise Failure("no message matched %s\nunmatched messages:\n%s" % (
                    json.dumps(pattern), "\n".join(json.dumps(m) for m in self.messages)))

    def refute(self, pattern, captures):
        deadline = time.monotonic() + 0.3
        while time.monotonic() < deadline and self.pump(0.05):
            pass
        for m in self.messages:
            if matches(pattern, m, captures, {}):
                raise Failure("unexpected message %s matches %s" % (json.dumps(m), json.dumps(pattern)))


def directives(path):
    current = None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line[0] in " \t" and current:
                current[2] += "\n" + line
                continue
            if current:
                yield tuple(current)
            op, _, rest = line.partition(" ")
            current = [number, op, rest]
    if current:
        yield tuple(current)


def run(binary, path):
    server = Server(binary)
    captures = {}
    try:
        for number, op, text in directives(path):
            try:
                if op == "-->":
                    body = json.dumps(substitute(json.loads(text), captures), ensure_ascii=False)
                    server.send(frame(body.encode("utf-8")))
                elif op == "-->raw":
                    server.send(text.encode("utf-8").decode("unicode_escape").encode("latin-1"))
                elif op == "<--":
                    server.expect(json.loads(text), captures)
                elif op == "<!-":
                    server.refute(json.loads(text), captures)
                elif op == "exit":
                    server.proc.stdin.close()
                    deadline = time.monotonic() + TIMEOUT
                    while server.proc.poll() is None and time.monotonic() < deadline:
                        server.pump(0.1)
                    status = server.proc.poll()
                    if status != int(text):
                        raise Failure("exit status %s, expected %s" % (status, text))
                else:
                    raise Failure("unknown directive %r" % op)
            except Failure as e:
                server.stderr.seek(0)
                log = server.stderr.read().decode("utf-8", "replace")[-2000:]
                raise Failure("%s:%d: %s %s\n%s\nserver stderr:\n%s" % (
                    path, number, op, text[:200], e, log)) from None
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
        server.proc.wait()
    return 0


def check_with_server(binary, check):
    """Runs `check(server)` against a fresh server: 0 when it passes, 1 (with the reason) when it
    raises Failure. The server is killed at the end if it did not exit."""
    server = Server(binary)
    try:
        check(server)
        return 0
    except Failure as e:
        print("FAIL:", e)
        return 1
    finally:
        server.proc.kill()  # a no-op once it has exited
        server.proc.wait()


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    try:
        return run(sys.argv[1], sys.argv[2])
    except (Failure, json.JSONDecodeError) as e:
        print("FAIL:", e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
