#!/usr/bin/env python3
"""Compares what two axl-docs binaries write with `annotate`, byte for byte: for refactorings that
must not change output. The shipped model's gates are closed (it decodes nothing), so the runs use
gate-open copies of it (tests/lsp/model_gate.py): the summary gate open, and every gate open.

Usage: compare_annotate.py OLD_BINARY NEW_BINARY MODEL
The inputs, examples/ and five stdlib modules, are copied with their docstrings removed (for a
Google and a numpy run), and as written (for an --update run). Prints one line per run and the number of
differing outputs; exit status 1 when there is any.
"""
import ast
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tests", "lsp"))
from model_gate import open_gate_copies  # noqa: E402

STDLIB = ["textwrap", "shlex", "glob", "fnmatch", "heapq"]


def without_docstrings(src):
    """The source with every module, class and function docstring cut out (a `pass` where the body
    would be empty)."""
    tree = ast.parse(src)
    lines = src.splitlines(keepends=True)
    cuts = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                doc = body[0]
                keep = "pass\n" if len(body) == 1 else ""
                cuts.append((doc.lineno, doc.end_lineno, doc.col_offset, keep))
    for first, last, col, keep in sorted(cuts, reverse=True):
        lines[first - 1:last] = [" " * col + keep] if keep else []
    return "".join(lines)


def tree_text(folder):
    out = {}
    for root, _, files in os.walk(folder):
        for f in sorted(files):
            p = os.path.join(root, f)
            out[os.path.relpath(p, folder)] = open(p, "rb").read()
    return out


def run(binary, model, flags, src, work):
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(src, work)
    r = subprocess.run([binary, "annotate", "-j", "1", "--model", model] + flags + [work],
                       capture_output=True)
    return r.returncode, r.stderr.replace(work.encode(), b"WORK"), tree_text(work)


def main():
    old, new, model = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as tmp:
        stripped, original = os.path.join(tmp, "stripped"), os.path.join(tmp, "original")
        os.makedirs(stripped)
        os.makedirs(original)
        for m in STDLIB:
            src = open("/usr/lib/python3.11/%s.py" % m, encoding="utf-8").read()
            open(os.path.join(stripped, m + ".py"), "w").write(without_docstrings(src))
            open(os.path.join(original, m + ".py"), "w").write(src)
        for f in os.listdir(os.path.join(REPO, "examples")):
            for folder in (stripped, original):
                shutil.copy(os.path.join(REPO, "examples", f), os.path.join(folder, f))
        models = [m for m in open_gate_copies(model, tmp) if m[0] != "as given"]
        runs = [(name, path, flags, src) for name, path in models
                for flags, src in ([["--style", "google"], stripped], [["--style", "numpy"], stripped],
                                   [["--update", "--style", "sphinx"], original])]
        diffs = 0
        for name, path, flags, src in runs:
            a = run(old, path, flags, src, os.path.join(tmp, "old"))
            b = run(new, path, flags, src, os.path.join(tmp, "new"))
            same = a == b
            changed = sum(1 for k, v in a[2].items() if v != tree_text(src).get(k))
            diffs += 0 if same else 1
            print("%-14s %-28s exit %d/%d, %d files changed by annotate: %s" % (
                name, " ".join(flags), a[0], b[0], changed, "same" if same else "DIFFERENT"),
                flush=True)
            if not same:
                for k in sorted(set(a[2]) | set(b[2])):
                    if a[2].get(k) != b[2].get(k):
                        print("  differs:", k)
                if a[1] != b[1]:
                    print("  stderr differs:\n", a[1].decode()[-2000:], "\n---\n", b[1].decode()[-2000:])
        print("%d of %d runs differ" % (diffs, len(runs)))
        return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
