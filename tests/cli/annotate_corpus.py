#!/usr/bin/env python3
"""Corpus test: annotate every Python file of Debian's libpython3.11-stdlib in a temp copy.

Checks that every output file compiles, that a second run changes nothing, and that the ASTs of
input and output are identical once docstrings are removed from both (only docstrings changed).
"""
import ast
import os
import py_compile
import shutil
import subprocess
import sys
import tempfile

BIN = sys.argv[1]


def stdlib_files():
    out = subprocess.run(["dpkg", "-L", "libpython3.11-stdlib"], check=True, capture_output=True,
                         text=True).stdout.split("\n")
    return [p for p in out if p.endswith(".py") and os.path.isfile(p)]


def strip_docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree, include_attributes=False)


def parse(path):
    with open(path, "rb") as fh:
        return ast.parse(fh.read(), filename=path)


def expected_exit(run):
    """0, or 2 when files were skipped (syntax errors in test data...): a skip is an error."""
    return 2 if ": skipped: " in run.stderr else 0


def main():
    files = stdlib_files()
    assert len(files) > 200, f"expected the stdlib, found {len(files)} files"
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        copies = {}
        for i, src in enumerate(files):
            dst = os.path.join(tmp, f"{i:05d}_{os.path.basename(src)}")
            shutil.copyfile(src, dst)
            copies[dst] = src
        originals = {dst: open(dst, "rb").read() for dst in copies}

        first = subprocess.run([BIN, "annotate", "--no-model", "-q", "--update", tmp], capture_output=True, text=True)
        if first.returncode != expected_exit(first):
            failures.append(f"first run exit {first.returncode}: {first.stderr[-2000:]}")
        changed = [d for d in copies if open(d, "rb").read() != originals[d]]
        print(f"{len(copies)} files, {len(changed)} changed; skipped:\n{first.stderr}")
        assert len(changed) > len(copies) // 2, "annotate changed suspiciously few files"

        for dst in copies:
            try:
                original_tree = ast.parse(originals[dst])
            except SyntaxError:
                # Files Python itself cannot parse (test data) must be left byte-identical.
                if open(dst, "rb").read() != originals[dst]:
                    failures.append(f"{copies[dst]}: unparsable input was modified")
                continue
            try:
                py_compile.compile(dst, doraise=True, cfile=os.path.join(tmp, "x.pyc"))
                new_tree = parse(dst)
            except (py_compile.PyCompileError, SyntaxError) as e:
                failures.append(f"{copies[dst]}: output does not compile: {e}")
                continue
            if strip_docstrings(original_tree) != strip_docstrings(new_tree):
                failures.append(f"{copies[dst]}: more than docstrings changed")

        after_first = {d: open(d, "rb").read() for d in copies}
        second = subprocess.run([BIN, "annotate", "--no-model", "-q", "--update", tmp], capture_output=True, text=True)
        again = [copies[d] for d in copies if open(d, "rb").read() != after_first[d]]
        if again:
            failures.append(f"second run changed {len(again)} files, e.g. {again[:5]}")
        if second.returncode != expected_exit(second):
            failures.append(f"second run exit {second.returncode}")
        check = subprocess.run([BIN, "annotate", "--check", "-q", tmp], capture_output=True, text=True)
        if check.returncode != expected_exit(check) or check.stdout:
            failures.append(f"--check after annotate exit {check.returncode}: {check.stdout[:2000]}")

    for f in failures[:50]:
        print("FAIL:", f)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
