#!/usr/bin/env python3
"""Shell completions and the man page, generated from the CLI definitions (`axl-docs completions
bash|zsh|fish`, `axl-docs man`): bash offers every subcommand and each one's flags, zsh and fish
parse the scripts, and the man page lists every subcommand and renders without warnings."""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.dont_write_bytecode = True  # keep the source tree clean
from e2e_checks import check, run_tests  # noqa: E402

BIN = sys.argv[1]


def out(*args):
    r = subprocess.run([BIN, *args], capture_output=True, timeout=60)
    check(r.returncode == 0, f"axl-docs {' '.join(args)} exits 0", r.stderr)
    return r.stdout.decode()


def subcommands():
    """The subcommands `axl-docs --help` lists (its SUBCOMMANDS section)."""
    text = out("--help")
    section = text.split("Subcommands:", 1)[1]
    return [m.group(1) for m in re.finditer(r"^  (\S+)", section, re.M)]


def options_of(sub):
    """Every option name `axl-docs SUB --help` lists (lines "  -m,--model TEXT ...")."""
    names = set()
    for m in re.finditer(r"^  (-\S+)", out(sub, "--help"), re.M):
        names.update(n for n in m.group(1).split(",") if n.startswith("-"))
    return names


def bash_complete(script_path, *words):
    """COMPREPLY for the command line `words` (the last word is the one being completed)."""
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    program = (f"source '{script_path}'; complete -p axl-docs; COMP_WORDS=(axl-docs {quoted}); "
               f"COMP_CWORD={len(words)}; _axl_docs; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True,
                       timeout=30)
    check(r.returncode == 0, f"bash completion of {words} runs", r.stderr)
    lines = r.stdout.decode().splitlines()
    check(bool(lines) and "-F _axl_docs" in lines[0] and lines[0].endswith("axl-docs"),
          "complete -p names the _axl_docs function", r.stdout)
    return {line for line in lines[1:] if line}


def test_bash(tmp):
    path = os.path.join(tmp, "axl-docs.bash")
    with open(path, "w") as fh:
        fh.write(out("completions", "bash"))
    subs = subcommands()
    check(len(subs) >= 10 and "annotate" in subs, "--help lists the subcommands", " ".join(subs))
    offered = bash_complete(path, "")
    check(set(subs) <= offered, "bash offers every subcommand", " ".join(sorted(offered)))
    check("completions" not in offered and "man" not in offered,
          "bash does not offer the hidden generators", " ".join(sorted(offered)))
    check(bash_complete(path, "ann") == {"annotate"}, "bash completes 'ann' to annotate")
    offered = bash_complete(path, "annotate", "--")
    for flag in ("--check", "--diff", "--update", "--style", "--width", "--jobs", "--quiet",
                 "--model", "--no-model", "--help"):
        check(flag in offered, f"bash offers annotate's {flag}", " ".join(sorted(offered)))
    check(bash_complete(path, "annotate", "--style", "") ==
          {"google", "numpy", "sphinx", "epytext", "pep257"}, "bash offers the styles after --style")
    check(bash_complete(path, "annotate", "--model", "") == set(),
          "an option's value is left to file-name completion")
    for sub in subs:
        offered = bash_complete(path, sub, "-")
        check(options_of(sub) <= offered, f"bash offers every option of {sub}",
              " ".join(sorted(options_of(sub) - offered)))


def test_zsh_and_fish_parse(tmp):
    for shell, args in (("zsh", ["-n"]), ("fish", ["--no-execute"])):
        exe = shutil.which(shell)
        check(exe is not None, f"{shell} is installed (scripts/setup's APT_PACKAGES)")
        if exe is None:
            continue
        path = os.path.join(tmp, "axl-docs." + shell)
        text = out("completions", shell)
        with open(path, "w") as fh:
            fh.write(text)
        r = subprocess.run([exe, *args, path], capture_output=True, timeout=30)
        check(r.returncode == 0 and not r.stderr, f"the {shell} script parses", r.stderr)
        for sub in subcommands():
            check(sub in text, f"the {shell} script knows {sub}")
        check("--no-model" in text or "-l no-model" in text, f"the {shell} script has annotate's flags")


def test_man_page(tmp):
    path = os.path.join(tmp, "axl-docs.1")
    with open(path, "w") as fh:
        fh.write(out("man"))
    env = dict(os.environ, MANWIDTH="100", MAN_KEEP_FORMATTING="0")
    r = subprocess.run(["man", "--warnings", "-l", path], capture_output=True, env=env, timeout=60)
    check(r.returncode == 0, "man -l renders the page", r.stderr)
    check(not r.stderr, "man --warnings: no warnings", r.stderr)
    text = re.sub(r".\x08", "", r.stdout.decode())
    for heading in ("NAME", "SYNOPSIS", "COMMANDS", "ENVIRONMENT", "FILES", "EXIT STATUS"):
        check(re.search(rf"^{heading}$", text, re.M), f"man page has {heading}", text[:500])
    for sub in subcommands():
        check(re.search(rf"^   {sub}$", text, re.M), f"man page has a section for {sub}")
        check(f"axl-docs {sub} [OPTIONS]" in text, f"man page shows {sub}'s usage")
    check("AXL_DOCS_MODEL" in text and "share/axl-docs/axl-docs-lion.gguf" in text,
          "man page says where the model is found")
    check("--no-model" in text and "--style" in text, "man page lists annotate's options")


if __name__ == "__main__":
    run_tests(globals())
