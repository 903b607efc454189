#!/usr/bin/env python3
"""The hooks of .pre-commit-hooks.yaml, run by Debian's `pre-commit try-repo` in a fresh git repo.

`language: system` hooks run `axl-docs` from PATH: the directory of the binary under test is put
first on PATH, as a user's installed binary would be found.
"""
import os
import shutil
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PRE_COMMIT = shutil.which("pre-commit")
if PRE_COMMIT is None:
    sys.exit("FAIL: pre-commit is not installed (scripts/setup installs Debian's pre-commit)")

FAILURES = []
SOURCE = '"""Users."""\n\n\ndef get_user(user_id: int) -> str:\n    return str(user_id)\n'


def check(cond, what, detail=""):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, detail, sep="\n")
    else:
        print("ok:", what)


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


with tempfile.TemporaryDirectory() as tmp:
    # The binary's own directory may hold other build outputs: link just axl-docs into a bin dir.
    bindir = os.path.join(tmp, "bin")
    os.mkdir(bindir)
    os.symlink(BIN, os.path.join(bindir, "axl-docs"))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"],
               PRE_COMMIT_HOME=os.path.join(tmp, "cache"), GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com")
    work = os.path.join(tmp, "project")
    os.mkdir(work)
    git(work, "init", "-q")
    path = os.path.join(work, "users.py")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(SOURCE)
    git(work, "add", "users.py")

    def try_repo(hook):
        return subprocess.run([PRE_COMMIT, "try-repo", REPO, hook, "--all-files"], cwd=work,
                              env=env, capture_output=True, text=True, timeout=300)

    r = try_repo("axl-docs-check")
    out = r.stdout + r.stderr
    check(r.returncode == 1 and "D103" in out and "get_user" in out,
          "axl-docs-check fails on a missing docstring and names it", out)
    with open(path, encoding="utf-8") as fh:
        check(fh.read() == SOURCE, "axl-docs-check writes nothing")

    r = try_repo("axl-docs")
    out = r.stdout + r.stderr
    with open(path, encoding="utf-8") as fh:
        fixed = fh.read()
    check(r.returncode == 1 and "files were modified by this hook" in out,
          "axl-docs fails the commit because it changed the file", out)
    check('def get_user(user_id: int) -> str:\n    """' in fixed, "axl-docs added the docstring",
          fixed)

    git(work, "add", "users.py")
    r = try_repo("axl-docs-check")
    check(r.returncode == 0, "axl-docs-check passes once the docstring is there",
          r.stdout + r.stderr)

print(f"{len(FAILURES)} failures")
sys.exit(1 if FAILURES else 0)
