#!/usr/bin/env python3
"""Benchmark (not a test): POST /v1/docstrings with 20 definitions, with the model.

Usage: bench_docstrings.py BINARY [--model M] [--source FILE] [--definitions 20] [--runs 5]

The request is the first N top-level functions of FILE (default: python3-requests' utils.py, a
package outside training/allowlist.txt) with their docstrings removed, so every one needs a
docstring. `serve` runs with the model as given (default: the shipped file) and with copies whose
confidence gates are open (summary only; every field): a closed gate decodes nothing, so only the
open copies measure the model. Prints the wall time per request (median, min, max of --runs after
one warm-up request). The copies are written to a temporary folder, never into models/.
"""
import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tests", "lsp"))
sys.dont_write_bytecode = True  # keep the source tree clean
from model_gate import open_gate_copies  # noqa: E402


def undocumented_functions(path, n):
    tree = ast.parse(open(path, encoding="utf-8").read())
    funcs = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                node.body = body[1:] or [ast.Pass()]
            funcs.append(ast.unparse(node))
        if len(funcs) == n:
            break
    if len(funcs) < n:
        sys.exit("%s has only %d top-level functions" % (path, len(funcs)))
    return "\n\n".join(funcs) + "\n"


def start_server(binary, model):
    proc = subprocess.Popen([binary, "serve", "--model", model, "--port", "0"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for line in proc.stderr:
        if "listening on http://" in line:
            base = line.split("listening on ")[1].split()[0].rstrip("/")
            return proc, base.rsplit("/v1", 1)[0]
    proc.kill()
    sys.exit("serve did not start")


def post(base, code):
    req = urllib.request.Request(base + "/v1/docstrings", data=json.dumps({"code": code}).encode(),
                                 headers={"Content-Type": "application/json"})
    t0 = time.perf_counter()
    body = json.loads(urllib.request.urlopen(req, timeout=600).read())
    return time.perf_counter() - t0, body


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--model", default=os.path.join(REPO, "models", "axl-docs-lion.gguf"))
    ap.add_argument("--source", default="/usr/lib/python3/dist-packages/requests/utils.py")
    ap.add_argument("--definitions", type=int, default=20)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    code = undocumented_functions(a.source, a.definitions)
    with tempfile.TemporaryDirectory(prefix="axl-bench-docstrings-") as tmp:
        models = open_gate_copies(a.model, tmp)
        print("request: %d definitions from %s (%d bytes); %d CPUs, load %s" % (
            a.definitions, a.source, len(code), os.cpu_count(),
            " ".join("%.2f" % x for x in os.getloadavg())))
        for name, model in models:
            proc, base = start_server(a.binary, model)
            try:
                _, body = post(base, code)  # warm-up: pages the weights in
                docs = len(body["docstrings"])
                times = [post(base, code)[0] for _ in range(a.runs)]
            finally:
                proc.terminate()
                proc.wait(timeout=30)
            print("%-18s %2d docstrings: median %.2f s, min %.2f s, max %.2f s (%d runs)" % (
                name, docs, statistics.median(times), min(times), max(times), a.runs))


if __name__ == "__main__":
    main()
