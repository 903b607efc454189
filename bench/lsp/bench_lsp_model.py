#!/usr/bin/env python3
"""Language server with the model (a benchmark, not a test): `codeAction/resolve` latency of a
function's docstring on real modules, p50/p95, in two situations:

- idle: the document has been open and the editor idle for --idle seconds (2) before each resolve,
  so the background generation (lsp/server_background.cpp) had that long to prepare it;
- cold: background generation off (initializationOptions {"background": false}), nothing cached.

Each is measured with the model as given (--model, default the shipped models/axl-docs-lion.gguf)
and with a copy of it whose summary confidence gate is open (written to a temporary folder with
tests/lsp/model_gate.py; models/ is never touched), since the shipped gate is closed for every field
and then nothing is decoded at all. The modules are real Debian files of packages that are not in
training/allowlist.txt (held out), with their docstrings removed so that every function needs one.

Usage: bench_lsp_model.py AXL_DOCS_BINARY [--model M] [--idle S] [--defs N] [FILE ...]
"""
import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tests", "lsp"))
import run_transcript  # noqa: E402
from lsp_client import Client, percentile  # noqa: E402
from model_gate import write_open_summary_gate  # noqa: E402

DEFAULT_FILES = ["/usr/lib/python3/dist-packages/requests/utils.py",
                 "/usr/lib/python3/dist-packages/requests/sessions.py",
                 "/usr/lib/python3/dist-packages/requests/models.py"]
CAPS = {"textDocument": {"codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
    "valueSet": ["quickfix", "refactor", "source"]}}, "resolveSupport": {"properties": ["edit"]}}}}


def check_held_out(path):
    """The Debian package of `path` must not be in the training allowlist."""
    owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
    if owner.returncode != 0:
        return "not from a Debian package"
    package = owner.stdout.split(":")[0]
    with open(os.path.join(REPO, "training", "allowlist.txt")) as f:
        allowed = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    if package in allowed:
        sys.exit("%s belongs to %s, which is in training/allowlist.txt: not held out" % (
            path, package))
    return package


def without_docstrings(source):
    """The module with every docstring removed (`pass` where it was the whole body)."""
    lines = source.splitlines(keepends=True)
    cuts = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        body = node.body
        if not body or not isinstance(body[0], ast.Expr) or not isinstance(
                getattr(body[0], "value", None), ast.Constant) or not isinstance(
                body[0].value.value, str):
            continue
        doc = body[0]
        if not isinstance(node, ast.Module) and doc.lineno == node.lineno:
            continue  # `def f(): "doc"` on one line: left alone
        only = len(body) == 1
        cuts.append((doc.lineno - 1, doc.end_lineno, " " * doc.col_offset + "pass\n" if only else ""))
    for start, end, replacement in sorted(cuts, reverse=True):
        lines[start:end] = [replacement] if replacement else []
    return "".join(lines)


def function_lines(source, count):
    """Header lines (0-based) of up to `count` functions and methods, spread over the module."""
    heads = sorted(n.lineno - 1 for n in ast.walk(ast.parse(source))
                   if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
    if len(heads) <= count:
        return heads
    return [heads[i * len(heads) // count] for i in range(count)]


def resolve_times(binary, model, path, text, lines, idle):
    """Milliseconds of each resolve, and the server's cache counts at the end."""
    uri = "file://" + path
    client = Client(binary, ["--model", model])
    client.initialize(CAPS, {} if idle else {"background": False})
    client.open(uri, text)
    client.wait({"method": "textDocument/publishDiagnostics"})
    times = []
    for line in lines:
        if idle:
            time.sleep(idle)
        position = {"line": line, "character": 0}
        _, listed = client.call("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": {"start": position, "end": position},
            "context": {"diagnostics": [], "only": ["refactor"]}})
        actions = listed.get("result") or []
        if not actions:
            continue  # e.g. a private function (includePrivate is off)
        ms, resolved = client.call("codeAction/resolve", actions[0])
        assert "edit" in resolved.get("result", {}), resolved
        times.append(ms)
    _, stats = client.call("axl-docs/cacheStats", {})
    client.close()
    return times, stats["result"]


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for row in f:
            if row.startswith("model name"):
                cpu = row.split(":", 1)[1].strip()
                break
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return "%d CPUs (%s), load average %s" % (os.cpu_count(), cpu, load)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("files", nargs="*", default=DEFAULT_FILES)
    ap.add_argument("--model", default=os.path.join(REPO, "models", "axl-docs-lion.gguf"))
    ap.add_argument("--idle", type=float, default=2.0)
    ap.add_argument("--defs", type=int, default=6, help="functions resolved per file")
    args = ap.parse_args()
    run_transcript.TIMEOUT = 120.0
    modules = []
    for path in args.files:
        package = check_held_out(path)
        with open(path) as f:
            text = without_docstrings(f.read())
        modules.append((path, package, text, function_lines(text, args.defs)))
        print("%s (%s): %d lines, %d functions resolved" % (
            path, package, text.count("\n"), len(modules[-1][3])))
    print("machine at start:", machine())
    tmp = tempfile.mkdtemp()
    try:
        opened = os.path.join(tmp, "summary-gate-open.gguf")
        write_open_summary_gate(args.model, opened)
        for label, model in (("as given (%s)" % os.path.basename(args.model), args.model),
                             ("summary gate open", opened)):
            for mode, idle in (("idle %.0f s" % args.idle, args.idle), ("cold", 0)):
                times, hits, requests = [], 0, 0
                for path, _, text, lines in modules:
                    t, stats = resolve_times(args.binary, model, path, text, lines, idle)
                    times += t
                    hits += stats["hits"]
                    requests += stats["hits"] + stats["misses"]
                print("%-28s %-8s resolve p50 %7.1f ms  p95 %7.1f ms  (n %d; model cache %d of %d"
                      " hit)" % (label, mode, percentile(times, 50), percentile(times, 95),
                                 len(times), hits, requests))
    finally:
        shutil.rmtree(tmp)
    print("machine at end:", machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
