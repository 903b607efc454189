#!/usr/bin/env python3
"""Benchmark (not a test): `annotate` with the model on a real held-out project, -j 1 vs -j 2.

Usage: bench_annotate_model.py BINARY [--package-dir DIR] [--model M]

The project is a copy of DIR (default: python3-requests' installed modules, a package outside
training/allowlist.txt) with every docstring removed (ast.unparse), so every definition needs one.
Each run annotates a fresh copy, with the model as given (default: the shipped file) and with
copies whose confidence gates are open (summary only; every field): a closed gate decodes nothing,
so only the open copies measure the model. Prints wall seconds and documented definitions per
second. The copies with open gates are written to a temporary folder, never into models/.
"""
import argparse
import ast
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tests", "lsp"))
sys.dont_write_bytecode = True  # keep the source tree clean
from model_gate import open_gate_copies  # noqa: E402


def strip_docstrings(src_dir, dst_dir):
    os.makedirs(dst_dir)
    removed = 0
    for path in sorted(glob.glob(os.path.join(src_dir, "*.py"))):
        tree = ast.parse(open(path, encoding="utf-8").read())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                body = node.body
                if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                        and isinstance(body[0].value.value, str)):
                    node.body = body[1:] or [ast.Pass()]
                    removed += 1
        with open(os.path.join(dst_dir, os.path.basename(path)), "w", encoding="utf-8") as f:
            f.write(ast.unparse(tree) + "\n")
    return removed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--package-dir", default="/usr/lib/python3/dist-packages/requests")
    ap.add_argument("--model", default=os.path.join(REPO, "models", "axl-docs-lion.gguf"))
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="axl-bench-annotate-")
    try:
        project = os.path.join(tmp, "project")
        removed = strip_docstrings(a.package_dir, project)
        models = open_gate_copies(a.model, tmp)
        print("project: %s, %d files, %d docstrings removed; %d CPUs, load %s" % (
            a.package_dir, len(os.listdir(project)), removed, os.cpu_count(),
            " ".join("%.2f" % x for x in os.getloadavg())))
        for name, model in models:
            rate = {}
            for jobs in (1, 2):
                work = os.path.join(tmp, "run")
                shutil.rmtree(work, ignore_errors=True)
                shutil.copytree(project, work)
                t0 = time.perf_counter()
                r = subprocess.run([a.binary, "annotate", "--model", model, "-j", str(jobs), work],
                                   capture_output=True, text=True)
                secs = time.perf_counter() - t0
                summary = (r.stdout + r.stderr).strip().splitlines()[-1]
                added = int(summary.split("(")[1].split()[0]) if "(" in summary else 0
                rate[jobs] = added / secs
                print("%-18s -j %d: %6.1f s, %4d docstrings, %7.1f definitions/s" % (
                    name, jobs, secs, added, rate[jobs]))
            print("%-18s -j 2 / -j 1: %.2fx" % (name, rate[2] / rate[1]))
        print("load at the end: %s" % " ".join("%.2f" % x for x in os.getloadavg()))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
