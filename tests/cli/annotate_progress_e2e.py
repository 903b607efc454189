#!/usr/bin/env python3
"""`annotate` progress: definitions done / total, files, ETA. Plain lines with --progress when
stderr is not a terminal, a redrawn line on a terminal, and nothing with -q."""
import os
import pty
import re
import select
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
from e2e_checks import check, run_tests  # noqa: E402

BIN = sys.argv[1]


def make_tree(tmp, files, functions):
    """`files` modules of `functions` functions each: files * (functions + 1) definitions."""
    for i in range(files):
        with open(os.path.join(tmp, f"mod{i}.py"), "w") as fh:
            for j in range(functions):
                fh.write(f"def get_item_{j}(key: str) -> int:\n    return len(key) + {j}\n\n\n")
    return files * (functions + 1)  # the module is a definition too


def annotate(*args):
    return subprocess.run([BIN, "annotate", "--no-model", "--diff", "-j", "1", *args],
                          capture_output=True, timeout=120)


def test_plain_progress_when_asked_and_not_a_terminal(tmp):
    total = make_tree(tmp, 3, 4)
    r = annotate("--progress", tmp)
    err = r.stderr.decode()
    check(r.returncode == 1, "the run would change the files", err)
    check(re.search(rf"^axl-docs: {total}/{total} definitions, 3/3 files, done in \d+s$", err, re.M),
          "--progress ends with a plain line: all definitions and files, the time taken", err)
    check("\r" not in err, "plain lines, not redrawn ones", err)
    check("would be changed" in err, "the summary line still follows", err)


def test_no_progress_without_the_flag_or_with_quiet(tmp):
    make_tree(tmp, 2, 2)
    r = annotate(tmp)
    check(b"definitions," not in r.stderr, "no progress when not asked and not a terminal", r.stderr)
    r = annotate("-q", "--progress", tmp)
    check(r.stderr == b"", "-q silences progress and the summary", r.stderr)


def test_redrawn_line_on_a_terminal(tmp):
    # Big enough to take more than the 100 ms between redraws.
    total = make_tree(tmp, 4, 1500)
    master, slave = pty.openpty()
    proc = subprocess.Popen([BIN, "annotate", "--no-model", "--diff", "-j", "1", tmp],
                            stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=120)
    text = seen.decode(errors="replace")
    check(re.search(rf"\raxl-docs: \d+/{total} definitions, \d/4 files, (ETA|done)", text),
          "a terminal gets a redrawn progress line (carriage return, no newline)", text[-500:])
    check(re.search(r"definitions[^\r\n]*\n", text) is None,
          "the progress line never ends with a newline", text[-500:])


if __name__ == "__main__":
    run_tests(globals())
