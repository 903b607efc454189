"""Start `axl-docs serve` on a free port and talk raw HTTP to it (stdlib only).

Every wait has a timeout, so a broken server fails the test instead of hanging ctest.
"""
import http.client
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time

TIMEOUT = 15  # seconds for any single network wait


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def tiny_model(binary, workdir):
    path = os.path.join(workdir, "api-test-tiny.gguf")
    subprocess.run([binary, "init", "--tiny", "--seed", "3", "--std", "0.5", "--out", path],
                   check=True, stdout=subprocess.DEVNULL, timeout=60)
    return path


class Server:
    """`with Server(binary, model, "--threads", "2") as s:` -> s.port, s.proc."""

    def __init__(self, binary, model, *args, env=None):
        self.cmd = [binary, "serve", "--model", model, "--port", "0", *args]
        self.env = env
        self.proc = None
        self.port = None
        self.stderr = b""

    def __enter__(self):
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     env=self.env)
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            ready, _, _ = select.select([self.proc.stderr], [], [], 0.2)
            if ready:
                chunk = os.read(self.proc.stderr.fileno(), 4096)
                if not chunk:
                    break
                self.stderr += chunk
                m = re.search(rb"listening on http://[^ ]*:(\d+)/v1", self.stderr)
                if m:
                    self.port = int(m.group(1))
                    return self
        self.proc.kill()
        fail(f"server did not start: {self.cmd}\n{self.stderr.decode(errors='replace')}")

    def stop(self, sig=signal.SIGTERM, timeout=TIMEOUT):
        """Signals the server and returns its exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            fail("server did not exit after a signal")

    def __exit__(self, exc_type, *exc):
        code = self.stop() if self.proc.poll() is None else self.proc.returncode
        rest = self.proc.stderr.read()
        self.proc.stderr.close()
        log = (self.stderr + rest).decode(errors="replace")
        if exc_type is None:  # the test passed: the server must have behaved too
            check(code == 0, f"server exit status {code}:\n{log}")
            for marker in ("Sanitizer", "runtime error:", "worker job failed"):
                check(marker not in log, f"server stderr reports {marker!r}:\n{log}")

    # ---- clients ---------------------------------------------------------------------------

    def conn(self, timeout=TIMEOUT):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        """(status, headers dict, parsed JSON or raw bytes)"""
        own = conn is None
        conn = conn or self.conn()
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        hdrs = {"Content-Type": "application/json"} if data is not None else {}
        hdrs.update(headers or {})
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read()
        if own:
            conn.close()
        try:
            payload = json.loads(raw)
        except ValueError:
            payload = raw
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, payload

    def post(self, path, body, **kw):
        return self.request("POST", path, body, **kw)

    def health(self):
        status, _, body = self.request("GET", "/health")
        check(status == 200, f"/health answered {status}")
        return body

    def wait_health(self, pred, what, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            h = self.health()
            if pred(h):
                return h
            time.sleep(0.05)
        fail(f"timed out waiting for {what}; last /health: {h}")

    def socket(self, timeout=TIMEOUT):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        s.settimeout(timeout)
        return s

    def open_stream(self, body, timeout=TIMEOUT):
        """Starts a streaming request; returns (connection, response) with headers read."""
        conn = self.conn(timeout)
        conn.request("POST", "/v1/completions", body=json.dumps(body).encode(),
                     headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        check(resp.status == 200, f"stream answered {resp.status}")
        check(resp.getheader("Content-Type") == "text/event-stream", "stream content type")
        return conn, resp


def read_event(resp):
    """The next SSE data payload (str), or None at the end of the stream."""
    while True:
        line = resp.readline()
        if not line:
            return None
        line = line.decode()
        if line.startswith("data: "):
            return line[6:].rstrip("\n")


def recv_until_closed(sock, timeout=TIMEOUT):
    """Everything the server sends until it closes the connection."""
    sock.settimeout(timeout)
    out = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return out
        if not chunk:
            return out
        out += chunk


def check_error(status, body, want_status, param=None, code=None, what=""):
    check(status == want_status, f"{what}: status {status}, wanted {want_status}: {body}")
    check(isinstance(body, dict) and isinstance(body.get("error"), dict),
          f"{what}: not an OpenAI error body: {body!r}")
    err = body["error"]
    check(set(err) == {"message", "type", "param", "code"}, f"{what}: error fields {set(err)}")
    check(isinstance(err["message"], str) and err["message"], f"{what}: empty message")
    if param is not None:
        check(err["param"] == param, f"{what}: param {err['param']!r}, wanted {param!r}")
    if code is not None:
        check(err["code"] == code, f"{what}: code {err['code']!r}, wanted {code!r}")


def main(tests):
    """Runs each test(binary, model) in order, printing the names that pass."""
    if len(sys.argv) != 2:
        fail(f"usage: {sys.argv[0]} AXL_DOCS_BINARY")
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        model = tiny_model(binary, tmp)
        for t in tests:
            start = time.time()
            t(binary, model)
            print(f"ok {t.__name__} ({time.time() - start:.1f}s)")
