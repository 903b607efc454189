#!/usr/bin/env python3
"""`cmake --install` into a temporary prefix, then the installed binary used like a user would.

Arguments: CMAKE_COMMAND BUILD_DIR. The build is already done by the test suite; this installs it
(binary, model, editor files, completions, man page) and checks that PREFIX/bin/axl-docs finds
PREFIX/share/axl-docs/axl-docs-lion.gguf from any directory, that AXL_DOCS_MODEL overrides it, and
that a missing model is said with the places looked in (and no advice to write random weights).
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
sys.dont_write_bytecode = True  # keep the source tree clean
from e2e_checks import check, run_tests  # noqa: E402

CMAKE, BUILD = sys.argv[1], sys.argv[2]
FIXTURE = b"def get_user(user_id: int) -> str:\n    return str(user_id)\n"


def env_without_model(**extra):
    env = {k: v for k, v in os.environ.items() if k != "AXL_DOCS_MODEL"}
    env.update(extra)
    return env


def run(binary, *args, cwd, env):
    return subprocess.run([binary, *args], capture_output=True, cwd=cwd, env=env, timeout=120)


def test_install_then_use_the_installed_binary():
    with tempfile.TemporaryDirectory(prefix="axl-install-") as tmp:
        prefix = os.path.join(tmp, "stage")
        r = subprocess.run([CMAKE, "--install", BUILD, "--prefix", prefix], capture_output=True,
                           timeout=300)
        check(r.returncode == 0, "cmake --install succeeds", r.stdout + r.stderr)
        if r.returncode != 0:
            return
        binary = os.path.join(prefix, "bin", "axl-docs")
        model = os.path.join(prefix, "share", "axl-docs", "axl-docs-lion.gguf")
        for path in (binary, model,
                     os.path.join(prefix, "share", "axl-docs", "editors", "axl-docs.el"),
                     os.path.join(prefix, "share", "axl-docs", "editors", "neovim", "lua",
                                  "axl_docs", "init.lua"),
                     os.path.join(prefix, "share", "bash-completion", "completions", "axl-docs"),
                     os.path.join(prefix, "share", "zsh", "site-functions", "_axl-docs"),
                     os.path.join(prefix, "share", "fish", "vendor_completions.d", "axl-docs.fish"),
                     os.path.join(prefix, "share", "man", "man1", "axl-docs.1")):
            check(os.path.isfile(path), f"installed: {os.path.relpath(path, prefix)}")

        # Another directory, far from the source tree: only the installed model can be found.
        work = os.path.join(tmp, "project")
        os.makedirs(work)
        with open(os.path.join(work, "users.py"), "wb") as fh:
            fh.write(FIXTURE)

        r = run(binary, "--version", cwd=work, env=env_without_model())
        check(r.returncode == 0 and b"axl-docs " in r.stdout, "--version exits 0", r.stdout + r.stderr)
        check(f"model: {model} (installed)".encode() in r.stdout,
              "--version names the installed model", r.stdout)

        r = run(binary, "annotate", "--diff", "users.py", cwd=work, env=env_without_model())
        check(r.returncode == 1 and b'"""' in r.stdout, "annotate --diff shows the change",
              r.stdout + r.stderr)
        check(b"note:" not in r.stderr and b"heuristic" not in r.stderr,
              "annotate used the installed model (no fallback note)", r.stderr)

        # AXL_DOCS_MODEL wins over the installed model.
        other = os.path.join(tmp, "elsewhere.gguf")
        shutil.copyfile(model, other)
        r = run(binary, "--version", cwd=work, env=env_without_model(AXL_DOCS_MODEL=other))
        check(f"model: {other} (AXL_DOCS_MODEL)".encode() in r.stdout,
              "--version names $AXL_DOCS_MODEL", r.stdout)
        r = run(binary, "info", cwd=work, env=env_without_model(AXL_DOCS_MODEL=other))
        check(r.returncode == 0 and f"file:            {other}".encode() in r.stdout,
              "info loads $AXL_DOCS_MODEL", r.stdout + r.stderr)
        missing = os.path.join(tmp, "missing.gguf")
        r = run(binary, "annotate", "--diff", "users.py", cwd=work,
                env=env_without_model(AXL_DOCS_MODEL=missing))
        check(missing.encode() in r.stderr and b"AXL_DOCS_MODEL" in r.stderr,
              "a missing $AXL_DOCS_MODEL is named in annotate's note", r.stderr)

        # No model anywhere: every command says where it looked; none suggests `init`.
        os.remove(model)
        r = run(binary, "--version", cwd=work, env=env_without_model())
        check(b"model: none found" in r.stdout and model.encode() in r.stdout,
              "--version says no model was found, and where it looked", r.stdout)
        for args in (["info"], ["generate", "-p", "x"], ["export", "-o", "x.gguf"]):
            r = run(binary, *args, cwd=work, env=env_without_model())
            label = " ".join(args)
            check(r.returncode != 0, f"{label}: fails without a model", r.stdout)
            check(model.encode() in r.stderr and b"AXL_DOCS_MODEL" in r.stderr,
                  f"{label}: names the places looked in", r.stderr)
            check(b"init" not in r.stderr, f"{label}: does not suggest `axl-docs init`", r.stderr)


if __name__ == "__main__":
    run_tests(globals())
