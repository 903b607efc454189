#!/usr/bin/env python3
"""Command-line mistakes: exit status 2, the offending word named, close names suggested."""
import subprocess
import sys

BIN = sys.argv[1]
FAILURES = []


def run(*args, stdin=b""):
    return subprocess.run([BIN, *args], input=stdin, capture_output=True, timeout=60)


def check(cond, what, detail=b""):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, detail.decode(errors="replace"), sep="\n")


# (arguments, what stderr must contain, what it must not)
USAGE_ERRORS = [
    (["--bogus"], ["unknown option '--bogus'"], ["subcommand is required"]),
    (["-V"], ["unknown option '-V'"], ["subcommand is required", "did you mean"]),
    (["annotat", "t.py"], ["unknown subcommand 'annotat'", "did you mean 'annotate'?"], []),
    (["lps"], ["unknown subcommand 'lps'", "did you mean 'lsp'?"], []),
    (["frobnicate"], ["unknown subcommand 'frobnicate'"], ["did you mean"]),
    ([], ["a subcommand is required"], []),
    (["annotate", "--bogus", "x.py"], ["unknown option '--bogus' for 'annotate'"], ["paths is required"]),
    (["annotate", "--chek", "x.py"], ["unknown option '--chek'", "did you mean '--check'?"], []),
    (["annotate", "--widht=30", "x.py"], ["unknown option '--widht'", "did you mean '--width'?"], []),
    (["annotate", "--style", "foo", "-"],
     ["--style", "'foo' must be one of google, numpy, sphinx, epytext, pep257"], ["failed"]),
    (["annotate", "--width", "5", "-"], ["--width", "'5' must be an integer from 20 to 1000"], []),
    (["annotate", "--quote", "x", "-"], ["--quote", "'x' must be one of"], []),
    (["annotate", "--check", "--diff", "-"], ["--check and --diff exclude each other"], []),
    (["annotate"], ["paths is required"], []),
    (["serve", "--bogus"], ["unknown option '--bogus' for 'serve'"], []),
    (["info", "extra", "words"], ["unexpected argument 'extra' for 'info'"], []),
]


def test_usage_errors_exit_2_and_name_the_word():
    for args, wanted, unwanted in USAGE_ERRORS:
        r = run(*args, stdin=b"def f():\n    pass\n")
        label = "axl-docs " + " ".join(args)
        check(r.returncode == 2, f"{label}: exit 2 (got {r.returncode})", r.stderr)
        for w in wanted:
            check(w.encode() in r.stderr, f"{label}: stderr names {w!r}", r.stderr)
        for w in unwanted:
            check(w.encode() not in r.stderr, f"{label}: stderr does not say {w!r}", r.stderr)
        check(r.stdout == b"", f"{label}: nothing on stdout", r.stdout)


def test_help_and_version_exit_0():
    for args in (["--help"], ["--version"], ["annotate", "--help"], ["annotate", "-h"]):
        r = run(*args)
        check(r.returncode == 0 and r.stdout, f"axl-docs {' '.join(args)}: exit 0 with output",
              r.stderr)


def main():
    tests = [v for k, v in globals().items() if k.startswith("test_")]
    for t in tests:
        t()
    print(f"{len(tests)} tests, {len(FAILURES)} failures")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
