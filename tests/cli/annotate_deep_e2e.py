#!/usr/bin/env python3
"""`axl-docs annotate` on deeply nested files (tests/cli/deep_inputs.py): a docstring or a clear
message, never a crash, and the file is never damaged.

Usage: annotate_deep_e2e.py AXL_DOCS_BINARY
"""
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(__file__))
from deep_inputs import DEEP_INPUTS  # noqa: E402


def is_subsequence(lines, within):
    it = iter(within)
    return all(any(line == other for other in it) for line in lines)


def main():
    binary = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, code in DEEP_INPUTS.items():
            path = os.path.join(tmp, name + ".py")
            with open(path, "w", newline="") as fh:
                fh.write(code)
            proc = subprocess.run([binary, "annotate", "--no-model", "-q", "--include-modules", path],
                                  capture_output=True, timeout=120)
            after = open(path, "rb").read().decode()
            err = proc.stderr.decode(errors="replace")
            if proc.returncode < 0 or proc.returncode > 2:
                failures.append(f"{name}: exit status {proc.returncode}\n{err}")
            elif not after.startswith('"""'):
                failures.append(f"{name}: no module docstring added (exit {proc.returncode})\n{err}")
            elif not is_subsequence(code.splitlines(), after.splitlines()):
                failures.append(f"{name}: a line of the file was changed or lost\n{err}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
