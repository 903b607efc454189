#!/usr/bin/env python3
"""A random-input campaign against the real binary, bounded in time (issue 16, "Done when").

Three surfaces, each for a share of the time budget:
- annotate: mutated Python files (the test fixtures cut, spliced, nested deep, with invalid
  UTF-8, NUL bytes, CR/CRLF line ends) through `annotate --no-model`. Never a signal or a hang, an
  exit status of 0/1/2, and never a corrupt file: it is unchanged, or CPython reads the same
  program from it (docstrings aside).
- lsp: random and mutated LSP messages (framing, JSON, params, document texts from the same
  mutator) through `lsp --no-model`, then a request that must be answered and a clean exit; every
  message the server writes is valid JSON-RPC 2.0.
- serve: random and mutated HTTP requests to `serve` with a tiny model and tiny limits; every
  reply is a well-formed HTTP response (JSON bodies parse), and /health still answers at the end.

Seeded and reproducible: the seed is printed (AXL_FUZZ_SEED or --seed replays it; each case gets
its own generator from the seed and its number, so a case does not depend on how many ran before
it). A failing case's input is kept and its path printed.

Usage: random_inputs.py AXL_DOCS_BINARY [--seed N] [--seconds S] [--keep DIR]
"""
import argparse
import ast
import glob
import http.client
import json
import os
import random
import re
import select
import socket
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # keep the source tree clean
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lsp"))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
import run_transcript  # noqa: E402
from deep_inputs import DEEP_INPUTS  # noqa: E402

CASE_TIMEOUT = 30  # seconds: a case that takes longer is a hang
run_transcript.TIMEOUT = CASE_TIMEOUT


class Failed(Exception):
    pass


def fixtures():
    root = os.path.join(HERE, "..", "..")
    paths = sorted(glob.glob(os.path.join(root, "tests", "lsp", "corpus", "*.py")) +
                   glob.glob(os.path.join(root, "examples", "*.py")))
    sources = [open(p, "rb").read() for p in paths]
    sources += [code.encode() for code in DEEP_INPUTS.values()]
    sources.append(b"def f(a, b=1, *args, c: int = 2, **kw) -> int:\n    '''Doc.'''\n"
                   b"    if a:\n        raise ValueError(a)\n    yield b\n")
    return sources


TOKENS = [b"def ", b"class ", b"(", b")", b":", b"\n", b"\r\n", b"\r", b"    ", b"\t", b'"""',
          b"'''", b"return ", b"yield ", b"raise E", b"@overload\n", b"\\\n", b"#", b"\xff",
          b"\xc3\x28",
          b"\x00", b"\xef\xbb\xbf", b"\xe9", b"\xf0\x9f\x98\x80", b"lambda: ", b"async ", b"=",
          b"# -*- coding: latin-1 -*-\n", b"->", b"*", b"**", b",", b"x", b"1"]


def mutate(rng, sources):
    """Bytes of a Python-like file: a fixture with a few random changes."""
    data = bytearray(rng.choice(sources))
    for _ in range(rng.randrange(1, 6)):
        op = rng.randrange(8)
        at = rng.randrange(len(data) + 1)
        if op == 0:  # insert a token
            data[at:at] = rng.choice(TOKENS)
        elif op == 1 and data:  # delete a range
            data[at:at + rng.randrange(1, 40)] = b""
        elif op == 2 and data:  # duplicate a range elsewhere
            start = rng.randrange(len(data))
            data[at:at] = data[start:start + rng.randrange(1, 200)]
        elif op == 3 and data:  # flip a byte
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif op == 4:  # line ends
            data = bytearray(bytes(data).replace(b"\r\n", b"\n").replace(
                b"\n", rng.choice([b"\r\n", b"\r", b"\n"])))
        elif op == 5:  # deep nesting
            depth = rng.randrange(10, 3000)
            data[at:at] = rng.choice([b"(" * depth + b"x" + b")" * depth,
                                      b"[" * depth + b"]" * depth, b"x" + b" + 1" * depth])
        elif op == 6:  # nested defs
            depth = rng.randrange(2, 120)
            data += b"".join(b"    " * i + b"def d%d(x):\n" % i for i in range(depth))
            data += b"    " * depth + b"return x\n"
        else:  # splice another fixture in
            other = rng.choice(sources)
            data[at:at] = other[:rng.randrange(len(other) + 1)]
    return bytes(data)


def without_docstrings(source):
    """CPython's reading of `source` with every docstring removed (None: not valid Python)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            del body[0]
    try:
        return ast.dump(tree)
    except RecursionError:
        return None


def annotate_case(binary, rng, sources, workdir):
    source = mutate(rng, sources)
    path = os.path.join(workdir, "case.py")
    with open(path, "wb") as f:
        f.write(source)
    args = [binary, "annotate", "--no-model", path]
    args[3:3] = rng.choice([[], ["--style", "numpy"], ["--update"], ["--check"], ["--diff"]])
    try:
        proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=CASE_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failed("annotate hung (%ds): %s" % (CASE_TIMEOUT, " ".join(args[1:])), source)
    if proc.returncode < 0 or proc.returncode not in (0, 1, 2):
        raise Failed("annotate exited with %d: %s\n%s" % (
            proc.returncode, " ".join(args[1:]), proc.stderr.decode(errors="replace")[-2000:]),
            source)
    result = open(path, "rb").read()
    if result != source:
        before = without_docstrings(source)
        if before is not None and without_docstrings(result) != before:
            raise Failed("annotate changed the program, not only docstrings", source)


def lsp_case(binary, rng, sources, _workdir):
    uri = "file:///tmp/axl_fuzz/f.py"
    frames, text_of = [], lambda: mutate(rng, sources).decode("utf-8", errors="replace")
    methods = ["textDocument/codeAction", "codeAction/resolve", "textDocument/completion",
               "workspace/executeCommand", "textDocument/didChange", "textDocument/didOpen",
               "textDocument/didClose", "textDocument/didSave", "$/cancelRequest",
               "workspace/didChangeConfiguration", "shutdown", "initialize"]
    weird = [None, -1, 0, 2**31, 2**64, 1.5, "x", [], {}, True, "\u00e9\U0001F600"]

    def position():
        return {"line": rng.choice([0, 1, 3, 10, 2**31, -1]), "character": rng.randrange(200)}

    def good(obj):
        return run_transcript.frame(json.dumps(obj).encode())

    frames.append(good({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "capabilities": rng.choice([{}, {"general": {"positionEncodings": ["utf-8"]}},
                                    {"textDocument": {"codeAction": {
                                        "codeActionLiteralSupport": {},
                                        "resolveSupport": {"properties": ["edit"]}}}}])}}))
    frames.append(good({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    frames.append(good({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text_of()}}}))
    for i in range(rng.randrange(5, 40)):
        method = rng.choice(methods)
        params = {"textDocument": {"uri": rng.choice([uri, uri, "file:///other.py"]),
                                   "version": rng.choice([2 + i, 2 + i, None, -5]),
                                   "languageId": "python", "text": text_of()},
                  "range": {"start": position(), "end": position()}, "position": position(),
                  "contentChanges": rng.choice([
                      [{"text": text_of()}],
                      [{"range": {"start": position(), "end": position()},
                        "text": rng.choice(["x", "\n", "\r\n", "def g():\n", '"""', "é😀"])}]]),
                  "context": {"diagnostics": rng.choice([[], [{"source": "axl-docs", "code": "D103",
                              "message": "m", "range": {"start": position(), "end": position()},
                              "data": {"def": rng.choice(weird + ["f"])}}]])},
                  "command": rng.choice(["axl-docs.generateDocstring",
                                         "axl-docs.generateFileDocstrings", "x"]),
                  "arguments": [{"uri": uri, "index": rng.choice(weird), "def": "f"}],
                  "settings": {"axl-docs": {"style": rng.choice(["numpy", "x", 5])}},
                  "data": {"uri": uri, "version": 1, "index": rng.choice(weird), "def": "f"},
                  "id": rng.choice(weird)}
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if rng.random() < 0.7:
            message["id"] = 1000 + i
        kind = rng.randrange(10)
        if kind == 0:  # a field of the envelope replaced
            message[rng.choice(["jsonrpc", "id", "method", "params"])] = rng.choice(weird)
        body = json.dumps(message).encode()
        if kind == 1:  # broken JSON or UTF-8
            cut = rng.randrange(len(body))
            body = body[:cut] + rng.choice([b"\xff", b"", b"}", b"\x00"]) + body[cut + 1:]
        if kind == 2:  # a wrong Content-Length (the reader resynchronizes)
            frames.append(b"Content-Length: %d\r\n\r\n" % max(0, len(body) + rng.randrange(-9, 9))
                          + body)
        elif kind == 3:  # a bad header
            frames.append(rng.choice([b"Content-Length: x\r\n\r\n", b"X: 1\r\n\r\n",
                                      b"Content-Length: 99999999999999999999999\r\n\r\n"]) + body)
        else:
            frames.append(run_transcript.frame(body))
    # Whatever came before, a well-formed request on a fresh document is answered.
    # Newlines first absorb what a too-long Content-Length before them still expects.
    last = {"uri": "file:///tmp/axl_fuzz/last.py", "languageId": "python", "version": 1,
            "text": "def last(x):\n    return x\n"}
    frames.append(b"\r\n" * 8 + good({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                                      "params": {"textDocument": last}}))
    stream = b"".join(frames)
    server = run_transcript.Server(binary)
    try:
        try:
            server.send(stream)
            server.send(good({"jsonrpc": "2.0", "id": "final", "method": "textDocument/codeAction",
                              "params": {"textDocument": {"uri": "file:///tmp/axl_fuzz/last.py"},
                                         "range": {"start": {"line": 0, "character": 0},
                                                   "end": {"line": 0, "character": 0}},
                                         "context": {"diagnostics": []}}}))
            server.expect({"id": "final"}, {})
            server.send(good({"jsonrpc": "2.0", "id": "bye", "method": "shutdown"}))
            server.expect({"id": "bye"}, {})
            server.send(good({"jsonrpc": "2.0", "method": "exit"}))
            status = server.proc.wait(timeout=CASE_TIMEOUT)
        except (run_transcript.Failure, BrokenPipeError, subprocess.TimeoutExpired,
                ValueError) as e:
            status = server.proc.poll()
            raise Failed("lsp: %s (exit status %s)" % (str(e)[:2000], status), stream)
        if status < 0:
            raise Failed("lsp died by signal %d" % -status, stream)
        for m in server.log:
            ok = isinstance(m, dict) and m.get("jsonrpc") == "2.0" and (
                "method" in m or ("id" in m and (("result" in m) != ("error" in m))))
            if not ok:
                raise Failed("lsp wrote an invalid JSON-RPC message: %s" % json.dumps(m)[:500],
                             stream)
    finally:
        server.proc.kill()
        server.proc.wait()


class Serve:
    def __init__(self, binary, workdir):
        model = os.path.join(workdir, "tiny.gguf")
        subprocess.run([binary, "init", "--tiny", "--seed", "3", "--out", model], check=True,
                       stdout=subprocess.DEVNULL, timeout=60)
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [binary, "serve", "--model", model, "--port", "0", "--threads", "2", "--max-tokens",
             "16", "--body-limit", "65536", "--timeout", "2", "--max-queue", "4",
             "--docstrings", "heuristic"], stdout=subprocess.DEVNULL, stderr=self.stderr)
        deadline = time.time() + 30
        while time.time() < deadline:
            self.stderr.seek(0)
            m = re.search(rb"listening on http://[^ ]*:(\d+)/v1", self.stderr.read())
            if m:
                self.port = int(m.group(1))
                return
            time.sleep(0.1)
        self.proc.kill()
        raise Failed("serve did not start", b"")

    def alive(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=CASE_TIMEOUT)
        conn.request("GET", "/health")
        status = conn.getresponse().status
        conn.close()
        return status == 200

    def stop(self):
        self.proc.terminate()
        try:
            return self.proc.wait(timeout=CASE_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise Failed("serve did not exit on SIGTERM", b"")


def http_request(rng, sources):
    path = rng.choice(["/v1/docstrings", "/v1/chat/completions", "/v1/completions", "/v1/models",
                       "/health", "/v1/docstrings?x=1", "/%ff", "/" + "a" * 3000, "*"])
    code = mutate(rng, sources).decode("utf-8", errors=rng.choice(["replace", "ignore"]))
    weird = [None, -1, 0, 2**63, 1e308, "x", [], {}, True]
    body = {"/v1/docstrings": {"code": code, "style": rng.choice(["google", "numpy", "x", 1]),
                               "definitions": rng.choice([None, ["f"], 5])},
            "/v1/chat/completions": {"model": "axl-docs", "messages": [
                {"role": rng.choice(["user", "system", "x"]), "content": code[:500]}],
                "max_tokens": rng.choice([1, 8, 10**9, -1]), "n": rng.choice([1, 2, None]),
                "stream": rng.choice([False, True]), "temperature": rng.choice([0, 0.7, -1])},
            "/v1/completions": {"model": "axl-docs", "prompt": code[:300],
                                "max_tokens": rng.choice([1, 4, 0, "x"])}}
    body = body.get(path.split("?")[0], {})
    for _ in range(rng.randrange(3)):
        if body:
            body[rng.choice(list(body))] = rng.choice(weird)
    data = json.dumps(body).encode()
    if rng.random() < 0.2:
        cut = rng.randrange(len(data) + 1)
        data = data[:cut] + rng.choice([b"\xff", b"{", b""]) + data[cut:]
    method = rng.choice([b"POST", b"POST", b"GET", b"PUT", b"DELETE", b"BREW", b"OPTIONS"])
    headers = [b"Host: x", b"Content-Type: " + rng.choice([b"application/json", b"text/plain"])]
    length = len(data)
    kind = rng.randrange(6)
    if kind == 0:
        length += rng.randrange(-5, 5)
    if kind == 1:
        headers.append(b"Transfer-Encoding: chunked")
        data = b"%x\r\n" % len(data) + data + b"\r\n0\r\n\r\n"
    elif kind != 2:
        headers.append(b"Content-Length: %d" % max(0, length))
    if kind == 3:
        headers.append(rng.choice([b"Content-Length: 7", b"X" * 9000 + b": y", b"bad header"]))
    version = rng.choice([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/9", b""])
    return method + b" " + path.encode() + b" " + version + b"\r\n" + b"\r\n".join(headers) + \
        b"\r\nConnection: close\r\n\r\n" + data


def serve_case(serve, rng, sources, _workdir):
    request = http_request(rng, sources)
    reply = b""
    with socket.create_connection(("127.0.0.1", serve.port), timeout=CASE_TIMEOUT) as s:
        try:
            s.sendall(request)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may answer and close before reading everything (e.g. 413)
        deadline = time.time() + CASE_TIMEOUT
        while time.time() < deadline:
            ready, _, _ = select.select([s], [], [], 1)
            if not ready:
                continue
            try:
                chunk = s.recv(1 << 16)
            except ConnectionResetError:
                break
            if not chunk:
                break
            reply += chunk
        else:
            raise Failed("serve hung on a request (no close within %ds)" % CASE_TIMEOUT, request)
    if serve.proc.poll() is not None:
        raise Failed("serve exited with %d" % serve.proc.returncode, request)
    if not reply:
        return  # closed without a reply: allowed for garbage that is not HTTP
    m = re.match(rb"HTTP/1\.[01] (\d{3}) [^\r\n]*\r\n", reply)
    if not m:
        raise Failed("serve replied with no HTTP status line: %r" % reply[:200], request)
    head, _, body = reply.partition(b"\r\n\r\n")
    if re.search(rb"(?im)^content-type: *application/json", head) and \
            not re.search(rb"(?im)^transfer-encoding: *chunked", head) and body:
        try:
            json.loads(body)
        except ValueError:
            raise Failed("serve sent a JSON reply that does not parse: %r" % body[:300], request)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--seed", type=int,
                        default=int(os.environ.get("AXL_FUZZ_SEED", time.time_ns() % 10**9)))
    parser.add_argument("--seconds", type=float,
                        default=float(os.environ.get("AXL_FUZZ_SECONDS", 75)))
    parser.add_argument("--keep", default=os.path.join(tempfile.gettempdir(), "axl-fuzz-failures"))
    args = parser.parse_args()
    print("seed %d (replay: AXL_FUZZ_SEED=%d)" % (args.seed, args.seed), flush=True)
    sources = fixtures()
    failures, counts = 0, {}
    with tempfile.TemporaryDirectory() as workdir:
        serve = Serve(args.binary, workdir)
        surfaces = [("annotate", annotate_case), ("lsp", lsp_case),
                    ("serve", lambda b, r, s, w: serve_case(serve, r, s, w))]
        try:
            for name, run in surfaces:
                deadline = time.time() + args.seconds / len(surfaces)
                n = 0
                while time.time() < deadline:
                    rng = random.Random("%d/%s/%d" % (args.seed, name, n))
                    try:
                        run(args.binary, rng, sources, workdir)
                    except Failed as e:
                        failures += 1
                        os.makedirs(args.keep, exist_ok=True)
                        kept = os.path.join(args.keep, "%s-%d-%d.input" % (name, args.seed, n))
                        with open(kept, "wb") as f:
                            f.write(e.args[1])
                        print("FAIL %s case %d (seed %d): %s\n  input: %s" % (
                            name, n, args.seed, e.args[0], kept), flush=True)
                    n += 1
                counts[name] = n
            if not serve.alive():
                failures += 1
                print("FAIL serve: /health no longer answers 200")
        finally:
            status = serve.stop()
        if status != 0:
            failures += 1
            print("FAIL serve: exit status %d after SIGTERM" % status)
    print("%s cases; %d failures" % (", ".join("%s %d" % kv for kv in counts.items()), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
