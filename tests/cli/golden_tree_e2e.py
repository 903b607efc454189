#!/usr/bin/env python3
"""`annotate`'s output on a fixture tree is byte-identical to committed goldens, so a refactor that
changes what users get fails here. tests/cli/fixtures/design_tree/ holds functions, methods,
classes, a dataclass, properties, generators, context managers, async code, decorators, nested
functions, overloads, stale docstrings in four styles and a pyproject.toml ([tool.axl-docs]
width, include-private); tests/cli/fixtures/design_tree.golden/ holds, per run, the exit status,
stdout, stderr and every file of the tree afterwards: `annotate --style S` for the five styles,
`annotate --update` (styles detected per file), `--check` and `--check --update`.

Each run is made twice, with the shipped model (models/axl-docs-lion.gguf: its gates are closed,
so the prose is the heuristic's) and with `--no-model`; both must match the same golden. A shipped
model that opens a gate makes the model runs differ on purpose: they then need goldens of their own.

The goldens were first written by the binary of main at 38ebbd1, before issue 19's refactors.
To change them on purpose (an intended output change), rebuild and run:

    python3 tests/cli/golden_tree_e2e.py build/axl-docs --regenerate

then read `git diff tests/cli/fixtures/design_tree.golden` before committing it.

Usage: golden_tree_e2e.py AXL_DOCS_BINARY [--regenerate]
"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TREE = os.path.join(HERE, "fixtures", "design_tree")
GOLDEN = os.path.join(HERE, "fixtures", "design_tree.golden")
MODEL = os.path.join(HERE, "..", "..", "models", "axl-docs-lion.gguf")

STYLES = ["google", "numpy", "sphinx", "epytext", "pep257"]
# golden name -> annotate's flags (run in the tree's copy, on ".")
RUNS = {f"annotate-{s}": ["--style", s] for s in STYLES}
RUNS.update({
    "annotate-update": ["--update"],
    "check": ["--check"],
    "check-update": ["--check", "--update"],
})
MODES = {"no-model": ["--no-model"], "model": ["-m", MODEL]}


def tree_text(root):
    """Every file of the tree, sorted by path, each under a header line."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8", newline="") as f:
                out.append(f"=== file {os.path.relpath(path, root)} ===\n{f.read()}")
    return "".join(out)


def run(binary, flags, mode_flags):
    """The golden text of one run: exit status, stdout, stderr, the tree afterwards."""
    with tempfile.TemporaryDirectory(prefix="axl-golden-") as tmp:
        work = os.path.join(tmp, "design_tree")
        shutil.copytree(TREE, work)
        p = subprocess.run([binary, "annotate", "-q", "-j", "1", *mode_flags, *flags, "."], cwd=work,
                           capture_output=True, text=True, timeout=120)
        return (f"=== exit {p.returncode} ===\n=== stdout ===\n{p.stdout}=== stderr ===\n{p.stderr}"
                + tree_text(work))


def main():
    binary = os.path.abspath(sys.argv[1])
    regenerate = "--regenerate" in sys.argv[2:]
    if not os.path.isfile(MODEL):
        print(f"FAIL: no model at {MODEL}")
        return 1
    failures = 0
    for name, flags in RUNS.items():
        golden_path = os.path.join(GOLDEN, name + ".txt")
        for mode, mode_flags in MODES.items():
            got = run(binary, flags, mode_flags)
            if regenerate and mode == "no-model":
                os.makedirs(GOLDEN, exist_ok=True)
                with open(golden_path, "w", encoding="utf-8", newline="") as f:
                    f.write(got)
                print(f"wrote {os.path.relpath(golden_path)}")
            with open(golden_path, encoding="utf-8", newline="") as f:
                want = f.read()
            if got != want:
                failures += 1
                print(f"FAIL: {name} ({mode}) differs from {os.path.relpath(golden_path)}:")
                sys.stdout.writelines(difflib.unified_diff(want.splitlines(True),
                                                           got.splitlines(True), "golden", "now"))
    runs = len(RUNS) * len(MODES)
    print(f"{runs} runs, {failures} differ from the goldens")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
