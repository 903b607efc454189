#!/usr/bin/env python3
"""One command line across subcommands (issue 17, "CLI consistency"): bad flags exit 2 naming the
flag on every subcommand, usage lines say `axl-docs`, every --help shows defaults, the styles are
listed, -m/--model wherever a model is loaded, and -j/-p mean one thing each."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
from e2e_checks import check, run_tests  # noqa: E402

BIN = sys.argv[1]
# Subcommands that load the model (or can): each takes -m/--model.
LOADS_MODEL = ["annotate", "bench", "calibrate", "eval", "export", "generate", "info", "lsp", "serve"]


def run(*args, binary=BIN):
    return subprocess.run([binary, *args], capture_output=True, timeout=60, stdin=subprocess.DEVNULL)


def subcommands():
    text = run("--help").stdout.decode()
    return [m.group(1) for m in re.finditer(r"^  (\S+)", text.split("Subcommands:", 1)[1], re.M)]


def help_of(sub):
    return run(sub, "--help").stdout.decode()


def option_lines(sub):
    """(names, the option's whole help entry) for each option of `axl-docs SUB --help` (an entry
    goes on over the indented lines below its first)."""
    out = []
    for line in help_of(sub).split("Options:", 1)[1].splitlines():
        m = re.match(r"^  (-[^\s]+)(.*)$", line)
        if m:
            out.append((m.group(1).split(","), m.group(2)))
        elif out and line.startswith("    ") and line.strip():
            out[-1] = (out[-1][0], out[-1][1] + " " + line.strip())
    return out


def test_bad_flags_exit_2_naming_the_flag_on_every_subcommand():
    for sub in subcommands():
        r = run(sub, "--no-such-flag")
        check(r.returncode == 2, f"{sub} --no-such-flag: exit 2 (got {r.returncode})", r.stderr)
        check(f"unknown option '--no-such-flag' for '{sub}'".encode() in r.stderr,
              f"{sub} --no-such-flag: names the flag", r.stderr)


def test_usage_line_says_axl_docs_not_the_path_it_was_started_by():
    with tempfile.TemporaryDirectory() as tmp:
        other = os.path.join(tmp, "some-other-name")
        shutil.copy(BIN, other)
        for args in (["--help"], ["annotate", "--help"], ["serve", "--help"]):
            text = run(*args, binary=other).stdout.decode()
            check(re.search(r"^Usage: axl-docs\b", text, re.M) is not None,
                  f"{' '.join(args)}: usage line says axl-docs", text[:200])
            check(tmp not in text and "some-other-name" not in text,
                  f"{' '.join(args)}: the binary's path is not shown", text[:200])


# Options whose help names their default in words instead of a value (flags need no default).
def shows_default(rest):
    return "=" in rest.split("  ")[0] or re.search(r"default|REQUIRED", rest, re.I) is not None


# Options that have no default: left out, they are simply not used (no file written, no stop
# sequence, no key required...). Anything else that takes a value must show its default.
NO_DEFAULT = {("annotate", "--ignore"), ("calibrate", "--close"), ("calibrate", "--why"), ("eval", "--dump"),
              ("export", "--modelfile"), ("generate", "--stop"), ("serve", "--api-key"),
              ("train", "--init"), ("train", "--log")}


def test_every_option_with_a_value_shows_its_default():
    for sub in subcommands():
        for names, rest in option_lines(sub):
            type_part = rest.strip().split(" ")[0] if rest.strip() else ""
            takes_value = re.match(r"^[A-Z]+\b", type_part)
            if not takes_value or "--help" in names:
                continue
            if any((sub, n) in NO_DEFAULT for n in names):
                continue
            check(shows_default(rest), f"{sub} {','.join(names)}: --help shows the default",
                  rest)


def test_styles_are_listed():
    line = next((rest for names, rest in option_lines("annotate") if "--style" in names), "")
    for style in ("google", "numpy", "sphinx", "epytext", "pep257"):
        check(style in line, f"annotate --help lists style {style}", line)


def test_model_option_on_every_subcommand_that_loads_one():
    for sub in LOADS_MODEL:
        names = [n for ns, _ in option_lines(sub) for n in ns]
        check("-m" in names and "--model" in names, f"{sub} has -m/--model", " ".join(names))
        text = help_of(sub)
        check("AXL_DOCS_MODEL" in text, f"{sub} --help says $AXL_DOCS_MODEL is the default", text)


def test_one_meaning_per_short_option():
    meaning = {}
    for sub in subcommands():
        for names, _ in option_lines(sub):
            shorts = [n for n in names if re.fullmatch(r"-\w", n)]
            longs = sorted(n for n in names if n.startswith("--"))
            for s in shorts:
                meaning.setdefault(s, {})[sub] = longs[0] if longs else s
    for short, by_sub in meaning.items():
        check(len(set(by_sub.values())) == 1, f"{short} means one thing in every subcommand",
              repr(by_sub))
    for sub in subcommands():
        names = [n for ns, _ in option_lines(sub) for n in ns]
        if "--threads" in names:
            check("--jobs" in names and "-j" in names, f"{sub}: --threads is an alias of -j/--jobs",
                  " ".join(names))


if __name__ == "__main__":
    run_tests(globals())
