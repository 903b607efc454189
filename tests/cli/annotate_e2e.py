#!/usr/bin/env python3
"""End-to-end tests of `axl-docs annotate`, driving the real binary like a user."""
import ast
import json
import os
import stat
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1]
FAILURES = []


def run(*args, stdin=None, cwd=None):
    # --no-model: the expected texts are the name heuristic's, whatever model ships.
    return subprocess.run([BIN, "annotate", "--no-model", *args], input=stdin,
                          capture_output=True, cwd=cwd, timeout=60)


def check(cond, what, detail=""):
    if not cond:
        FAILURES.append(f"{what}\n{detail}")
        print("FAIL:", what, detail, sep="\n")


def write(path, data, mode=None):
    with open(path, "wb") as fh:
        fh.write(data)
    if mode is not None:
        os.chmod(path, mode)


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


# A module docstring is present so that each case adds exactly one docstring.
UNDOCUMENTED = b'"""Users."""\n\n\ndef get_user(user_id: int) -> str:\n    return str(user_id)\n'


def test_in_place_keeps_bytes_mode_and_is_idempotent(tmp):
    src = b"\xef\xbb\xbf# -*- coding: utf-8 -*-\r\nclass Shape:\r\n\tdef area(self, w, h):\r\n\t\treturn w * h\r\n"
    path = os.path.join(tmp, "shape.py")
    write(path, src, 0o751)
    r = run(path)
    check(r.returncode == 0, "in-place run exits 0", r.stderr)
    out = read(path)
    check(out.startswith(b"\xef\xbb\xbf"), "BOM kept", out)
    check(b"\n" not in out.replace(b"\r\n", b""), "only CRLF line endings", out)
    check(b'\t\t"""' in out, "tab indentation kept", out)
    check(stat.S_IMODE(os.stat(path).st_mode) == 0o751, "file mode kept")
    ast.parse(out.decode("utf-8-sig"))
    r2 = run(path)
    check(read(path) == out, "second run changes nothing")
    check(b"0 files changed" in r2.stderr, "summary says nothing changed", r2.stderr)
    check(not [f for f in os.listdir(tmp) if f.startswith(".")], "no temp files left behind")


def test_check_reports_pydocstyle_codes(tmp):
    path = os.path.join(tmp, "mod.py")
    write(path, b'"""Module."""\n\n\nclass Thing:\n    def run(self):\n        pass\n\n\ndef helper():\n    pass\n')
    before = read(path)
    r = run("--check", path)
    out = r.stdout.decode()
    check(r.returncode == 1, "--check exits 1 when docstrings are missing", r.stdout + r.stderr)
    check(f"{path}:4:7: D101 Missing docstring in public class `Thing`" in out, "D101 line", out)
    check(f"{path}:5:9: D102 Missing docstring in public method `Thing.run`" in out, "D102 line", out)
    check(f"{path}:9:5: D103 Missing docstring in public function `helper`" in out, "D103 line", out)
    check(read(path) == before, "--check writes nothing")
    run(path)
    r = run("--check", path)
    check(r.returncode == 0 and r.stdout == b"", "--check exits 0 once documented", r.stdout)


def test_diff_writes_nothing(tmp):
    path = os.path.join(tmp, "d.py")
    write(path, UNDOCUMENTED)
    r = run("--diff", path)
    check(r.returncode == 1, "--diff exits 1 when something would change", r.stderr)
    out = r.stdout.decode()
    check(out.startswith(f"--- a/{path}\n+++ b/{path}\n@@ "), "unified diff header", out)
    check('+    """Return the user.' in out, "diff shows the added docstring", out)
    check(read(path) == UNDOCUMENTED, "--diff writes nothing")
    # The diff is real: patch(1) applied to the original gives exactly what annotate writes.
    patch = subprocess.run(["patch", "-p1", "-s"], input=r.stdout, cwd="/", capture_output=True)
    check(patch.returncode == 0, "patch applies the diff", patch.stdout + patch.stderr)
    patched = read(path)
    write(path, UNDOCUMENTED)
    run(path)
    check(read(path) == patched, "patched file equals the annotated file")


def test_stdin_to_stdout(tmp):
    r = run("-", stdin=UNDOCUMENTED)
    check(r.returncode == 0, "stdin run exits 0", r.stderr)
    out = r.stdout.decode()
    check(out.startswith('"""Users."""\n\n\ndef get_user(user_id: int) -> str:\n    """Return the user.'),
          "stdout", out)
    ast.parse(out)
    r = run("--check", "-", stdin=UNDOCUMENTED)
    check(r.returncode == 1 and b"-:4:5: D103" in r.stdout, "--check on stdin", r.stdout)
    bad = b"def broken(:\n    pass\n"
    r = run("-", stdin=bad)
    check(r.returncode == 2 and r.stdout == bad, "stdin with a syntax error is echoed unchanged",
          r.stdout + r.stderr)
    check(b"syntax error at line 1" in r.stderr, "syntax error message", r.stderr)


def test_styles_and_flags(tmp):
    for style, marker in [("google", b"Args:"), ("numpy", b"Parameters\n    ----------"),
                          ("sphinx", b":param user_id:"), ("epytext", b"@param user_id:"),
                          ("pep257", None)]:
        r = run("--style", style, "-", stdin=UNDOCUMENTED)
        check(r.returncode == 0, f"--style {style} exits 0", r.stderr)
        if marker:
            check(marker in r.stdout, f"--style {style} renders its sections", r.stdout)
        else:
            check(b'"""Return the user."""' in r.stdout, "pep257 is summary only", r.stdout)
        ast.parse(r.stdout.decode())
    r = run("--quote", "'''", "-", stdin=UNDOCUMENTED)
    check(b"'''Return the user." in r.stdout, "--quote '''", r.stdout)
    priv = b'"""Private."""\ndef _hidden(x):\n    return x\n'
    check(run("-", stdin=priv).stdout == priv, "private skipped by default")
    check(b'"""' in run("--include-private", "-", stdin=priv).stdout, "--include-private")
    r = run("--style", "klingon", "-", stdin=priv)
    check(r.returncode == 2 and b"'klingon' must be one of google" in r.stderr,
          "unknown style is a clear error",
          r.stderr)


def test_pyproject_config_and_cli_precedence(tmp):
    proj = os.path.join(tmp, "proj")
    os.makedirs(os.path.join(proj, "pkg"))
    write(os.path.join(proj, "pyproject.toml"), b'[tool.axl-docs]\nstyle = "sphinx"\nquote = "single"\n')
    path = os.path.join(proj, "pkg", "m.py")
    write(path, UNDOCUMENTED)
    r = run("--diff", path)
    check(b"'''Return the user." in r.stdout and b":param user_id:" in r.stdout,
          "pyproject style and quote apply", r.stdout)
    r = run("--diff", "--style", "numpy", path)
    check(b"Parameters" in r.stdout, "command-line style wins over pyproject", r.stdout)
    write(os.path.join(proj, "pyproject.toml"), b'[tool.axl-docs]\nwidth = "wide"\n')
    r = run("--diff", path)
    check(r.returncode == 2 and b"width must be an integer" in r.stderr, "bad config is a clear error",
          r.stderr)
    check(read(path) == UNDOCUMENTED, "bad config changes nothing")


def test_errors_are_clear_and_lose_nothing(tmp):
    r = run(os.path.join(tmp, "missing.py"))
    check(r.returncode == 2 and b"missing.py: no such file or directory" in r.stderr,
          "missing file: clear error, exit 2", r.stderr)
    check(b"terminate" not in r.stderr and b"what()" not in r.stderr, "no crash output", r.stderr)
    cases = {
        "klingon.py": b"# -*- coding: klingon-8 -*-\ndef f():\n    return 1\n",
        "syntax.py": b"def ok():\n    pass\ndef bad(:\n",
        "utf16.py": "def f():\n    pass\n".encode("utf-16"),
        "nul.py": b"def f():\n    pass\n\x00",
    }
    for name, data in cases.items():
        write(os.path.join(tmp, name), data)
    r = run(*[os.path.join(tmp, n) for n in cases])
    for name, data in cases.items():
        check(read(os.path.join(tmp, name)) == data, f"{name} left untouched")
        check(f"{name}: skipped".encode() in r.stderr, f"{name} skip is reported", r.stderr)
    r = run()
    check(r.returncode != 0 and b"paths" in r.stderr, "no path: usage error", r.stderr)


def test_skipped_files_fail_the_run(tmp):
    # Like ruff: a file that could not be checked or written is an error (2), whatever the mode,
    # and wins over findings (1); the other files are still processed.
    good, bad = os.path.join(tmp, "good.py"), os.path.join(tmp, "bad.py")
    write(bad, b"def bad(:\n    pass\n")
    for mode in [[], ["--check"], ["--diff"], ["--update"], ["--check", "--update"]]:
        write(good, UNDOCUMENTED)
        r = run(*mode, good, bad)
        label = " ".join(mode) or "annotate"
        check(r.returncode == 2, f"{label}: a skipped file exits 2", r.stderr)
        check(b"bad.py: skipped: syntax error at line 1" in r.stderr, f"{label}: reason on stderr",
              r.stderr)
        check((read(good) != UNDOCUMENTED) == (mode in ([], ["--update"])),
              f"{label}: the good file is still processed")
        check(read(bad) == b"def bad(:\n    pass\n", f"{label}: the bad file is left alone")
    for mode in [[], ["--check"], ["--diff"]]:
        r = run(*mode, "-", stdin=b"def bad(:\n")
        check(r.returncode == 2 and b"skipped: syntax error" in r.stderr,
              f"stdin {' '.join(mode)}: a skipped input exits 2", r.stderr)


def wait_until_read(proc, nbytes):
    """Waits until `proc` has read at least `nbytes` (/proc/PID/io rchar), whatever the load.

    An atime or a fixed sleep is not enough: on a loaded machine the process may not even have
    opened the file yet when the edit comes, and then there is no race to detect.
    """
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        try:
            with open(f"/proc/{proc.pid}/io") as f:
                rchar = int(next(line for line in f if line.startswith("rchar:")).split()[1])
        except (OSError, StopIteration):
            rchar = 0
        if rchar >= nbytes:
            return
        time.sleep(0.001)


def test_concurrent_edit_is_not_overwritten(tmp):
    path = os.path.join(tmp, "big.py")
    src = b'"""M."""\n' + b"".join(b"def get_item_%d(value):\n    return value\n\n\n" % i
                                    for i in range(2000))

    def replace(p):  # an editor's atomic save
        write(p + ".swp", src + b"x = 1\n")
        os.replace(p + ".swp", p)

    edits = {"append": lambda p: open(p, "ab").write(b"x = 1\n"), "replace": replace,
             "truncate": lambda p: open(p, "wb").close()}
    raced = 0
    for name, edit in edits.items():
        write(path, src)
        proc = subprocess.Popen([BIN, "annotate", "--no-model", "-q", path],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait_until_read(proc, len(src))
        edit(path)
        edited = read(path)
        if proc.poll() is not None:
            print(f"concurrent {name}: annotate finished before the edit; not a race")
            proc.communicate()
            continue
        raced += 1
        _, err = proc.communicate(timeout=120)
        check(proc.returncode == 2 and b"big.py: changed since it was read" in err,
              f"concurrent {name}: reported as an error", err)
        check(read(path) == edited, f"concurrent {name}: the edit is kept")
    check(raced > 0, "at least one edit raced with annotate")


def test_fifo_is_refused_without_blocking(tmp):
    fifo = os.path.join(tmp, "pipe.py")
    os.mkfifo(fifo)
    good = os.path.join(tmp, "good.py")
    write(good, UNDOCUMENTED)
    try:
        r = subprocess.run([BIN, "annotate", "--no-model", fifo, good], capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        check(False, "a FIFO on the command line blocks annotate")
        return
    check(r.returncode == 2 and b"pipe.py: a FIFO, not a regular file: not read" in r.stderr,
          "a FIFO is an error, exit 2", r.stderr)
    check(read(good) != UNDOCUMENTED, "the other file is still annotated")


def as_user(uid):
    """preexec_fn that drops to `uid` (for tests run as root)."""
    def drop():
        os.setgid(uid)
        os.setuid(uid)
    return drop


def test_modes_owner_and_hard_links_are_kept(tmp):
    path = os.path.join(tmp, "tool.py")
    write(path, UNDOCUMENTED, 0o6755)
    r = run(path)
    check(r.returncode == 0, "setuid file annotated", r.stderr)
    check(stat.S_IMODE(os.stat(path).st_mode) == 0o6755, "setuid/setgid bits kept",
          oct(os.stat(path).st_mode))
    a, b = os.path.join(tmp, "a.py"), os.path.join(tmp, "b.py")
    write(a, UNDOCUMENTED)
    os.link(a, b)
    r = run(a)
    check(r.returncode == 0 and read(a) != UNDOCUMENTED, "hard-linked file annotated", r.stderr)
    check(read(b) == read(a) and os.stat(a).st_ino == os.stat(b).st_ino, "hard link not split")
    ro = os.path.join(tmp, "ro.py")
    write(ro, UNDOCUMENTED, 0o444)
    r = run(ro)
    check(r.returncode == 2 and b"ro.py" in r.stderr and b"Permission denied" in r.stderr,
          "a read-only file is an error: Permission denied", r.stderr)
    check(read(ro) == UNDOCUMENTED and stat.S_IMODE(os.stat(ro).st_mode) == 0o444,
          "a read-only file is left alone")
    if os.geteuid() != 0:
        print("skipped: the other-user cases need root")
        return
    nobody = 65534
    os.chmod(tmp, 0o777)
    owned = os.path.join(tmp, "owned.py")  # root's file, nobody may not write it
    write(owned, UNDOCUMENTED, 0o644)
    r = subprocess.run([BIN, "annotate", "--no-model", owned], capture_output=True, timeout=60,
                       preexec_fn=as_user(nobody))
    check(r.returncode == 2 and b"Permission denied" in r.stderr,
          "another user's 0644 file: Permission denied", r.stderr)
    check(read(owned) == UNDOCUMENTED and os.stat(owned).st_uid == 0, "and it is left alone")
    shared = os.path.join(tmp, "shared.py")  # root's file that nobody may write: owner kept
    write(shared, UNDOCUMENTED, 0o666)
    r = subprocess.run([BIN, "annotate", "--no-model", shared], capture_output=True, timeout=60,
                       preexec_fn=as_user(nobody))
    check(r.returncode == 0 and read(shared) != UNDOCUMENTED, "a writable shared file is annotated",
          r.stderr)
    check(os.stat(shared).st_uid == 0 and stat.S_IMODE(os.stat(shared).st_mode) == 0o666,
          "its owner and mode are kept")
    theirs = os.path.join(tmp, "theirs.py")  # root annotating nobody's file: still nobody's
    write(theirs, UNDOCUMENTED, 0o640)
    os.chown(theirs, nobody, nobody)
    r = run(theirs)
    check(r.returncode == 0 and read(theirs) != UNDOCUMENTED, "root annotates another's file",
          r.stderr)
    st = os.stat(theirs)
    check((st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (nobody, nobody, 0o640),
          "owner, group and mode kept", str(st))


def test_stale_temp_files_of_killed_runs_are_removed(tmp):
    child = subprocess.Popen(["true"])
    child.wait()
    stale = os.path.join(tmp, f".m.py.axl-{child.pid}-Ab12Cd")
    alive = os.path.join(tmp, f".m.py.axl-{os.getpid()}-Ab12Cd")
    write(stale, b"half")
    write(alive, b"in use")
    path = os.path.join(tmp, "m.py")
    write(path, UNDOCUMENTED)
    r = run("--check", path)
    check(os.path.exists(stale), "--check removes nothing")
    r = run(path)
    check(r.returncode == 0, "annotate exits 0", r.stderr)
    check(not os.path.exists(stale), "a dead run's temporary file is removed")
    check(f"removed {stale}".encode() in r.stderr, "and the removal is reported", r.stderr)
    check(os.path.exists(alive), "a live process's temporary file is kept")


def test_declared_encoding_is_kept(tmp):
    path = os.path.join(tmp, "latin1.py")
    src = b"# -*- coding: latin-1 -*-\n\"\"\"Caf\xe9.\"\"\"\n\n\ndef get_caf\xe9():\n    return '\xe9'\n"
    write(path, src)
    r = run(path)
    check(r.returncode == 0, "a latin-1 file is annotated", r.stderr)
    out = read(path)
    check(out.startswith(src[:40]) and b"return '\xe9'" in out, "its bytes are kept", out)
    check(b"Return the caf\xe9." in out, "the new docstring is latin-1 too", out)
    ast.parse(out)  # Python reads it with the declared codec
    check(run("--check", path).returncode == 0, "and it is documented now")


def test_directory_walk(tmp):
    root = os.path.join(tmp, "tree")
    for d in ["a/b", ".git", "venv_x", "node_modules", "__pycache__"]:
        os.makedirs(os.path.join(root, d), exist_ok=True)
    write(os.path.join(root, "venv_x", "pyvenv.cfg"), b"home = /usr\n")
    targets = ["a/one.py", "a/b/two.py"]
    ignored = [".git/x.py", "venv_x/lib.py", "node_modules/n.py", "__pycache__/c.py", "a/notes.txt"]
    for f in targets + ignored:
        write(os.path.join(root, f), UNDOCUMENTED)
    r = run(root)
    check(r.returncode == 0, "directory run exits 0", r.stderr)
    for f in targets:
        check(read(os.path.join(root, f)) != UNDOCUMENTED, f"{f} annotated")
    for f in ignored:
        check(read(os.path.join(root, f)) == UNDOCUMENTED, f"{f} left alone")
    check(b"2 files changed (2 docstrings added" in r.stderr, "summary line", r.stderr)


def test_update_keeps_human_text(tmp):
    src = (b'def scale(value, factor, *, clamp=False):\n'
           b'    """Scale a value by hand-picked factors.\n\n'
           b'    Args:\n'
           b'        value: The human wrote this about value.\n'
           b'        ratio: Renamed since.\n'
           b'    """\n'
           b'    return value * factor\n')
    path = os.path.join(tmp, "upd.py")
    write(path, src)
    r = run("--check", "--update", path)
    check(r.returncode == 1 and b"DOC" in r.stdout, "--check --update reports stale docstrings",
          r.stdout)
    run("--update", path)
    out = read(path).decode()
    check("Scale a value by hand-picked factors." in out, "summary kept", out)
    check("The human wrote this about value." in out, "parameter text kept", out)
    check("clamp" in out, "new parameter documented", out)
    check("ratio" not in out, "stale parameter removed", out)
    ast.parse(out)


def test_update_changes_only_what_is_stale(tmp):
    # A human's sphinx docstring with blank lines between the fields and before the quotes:
    # nothing stale -> not a byte changes; one new parameter -> exactly its line, nothing else.
    src = b'''def connect(host, port):
    """Open a connection.

    :param host: Name or address.

    :param port: TCP port.

    Example::

        connect("db", 5432)

    """
    return Conn(host, port)
'''
    path = os.path.join(tmp, "conn.py")
    write(path, src)
    r = run("--update", "--diff", path)
    check(r.returncode == 0 and r.stdout == b"", "--update leaves an up-to-date docstring alone",
          r.stdout)
    stale = src.replace(b"def connect(host, port):", b"def connect(host, port, timeout=_Default):")
    write(path, stale)
    r = run("--update", path)
    check(r.returncode == 0, "--update exits 0", r.stderr)
    want = stale.replace(b"    :param port: TCP port.\n",
                         b"    :param port: TCP port.\n\n    :param timeout: The timeout.\n")
    check(read(path) == want, "--update adds only the new entry (no `object`, no sentinel default)",
          read(path))


def test_check_update_is_satisfied_by_update(tmp):
    # The exception comes from the callee and a human documented it: --update keeps that, so
    # --check --update must not flag it (DOC502), or it could never pass.
    path = os.path.join(tmp, "load.py")
    write(path, b'"""M."""\n\n\ndef load(path, mode):\n    """Load it.\n\n    Args:\n'
                b'        path: The path.\n\n    Raises:\n        OSError: If unreadable.\n'
                b'    """\n    _read(path, mode)\n')
    r = run("--check", "--update", path)
    check(r.returncode == 1 and b"DOC101" in r.stdout and b"DOC502" not in r.stdout,
          "--check --update flags what --update fixes, only", r.stdout)
    r = run("--update", path)
    check(r.returncode == 0, "--update exits 0", r.stderr)
    r = run("--check", "--update", path)
    check(r.returncode == 0 and r.stdout == b"", "--check --update passes after --update",
          r.stdout)


def test_select_ignore_and_noqa(tmp):
    src = (b'"""M."""\n\n\nclass Box:\n    def __init__(self, x):\n        self.x = x\n\n\n'
           b'def load(path):  # noqa: D103\n    return path\n\n\n'
           b'def save(path):\n    return path\n')
    path = os.path.join(tmp, "box.py")
    write(path, src)
    r = run("--check", "--ignore", "D107", path)
    check(r.returncode == 1 and b"D101" in r.stdout and b"D103" in r.stdout
          and b"D107" not in r.stdout and b"load" not in r.stdout,
          "--ignore and # noqa: D103 leave those out of --check", r.stdout)
    r = run("--check", "--select", "D101,D107", path)
    check(r.stdout.count(b"\n") == 2 and b"D103" not in r.stdout, "--select D101,D107", r.stdout)
    r = run("--check", "--select", "D109", path)
    check(r.returncode == 2 and b"unknown rule code 'D109' (did you mean" in r.stderr,
          "an unknown code is a usage error", r.stderr)
    write(os.path.join(tmp, "pyproject.toml"), b'[tool.axl-docs]\nignore = ["D1"]\nstlye = "numpy"\n'
                                               b'line-length = 88\n')
    r = run(path)
    check(r.returncode == 0 and read(path) == src, "ignore = [\"D1\"] in pyproject: nothing added",
          r.stderr)
    check(b"unknown key 'stlye' in [tool.axl-docs] (did you mean 'style'?)" in r.stderr
          and b"unknown key 'line-length'" in r.stderr, "unknown config keys are warned about",
          r.stderr)
    write(os.path.join(tmp, "pyproject.toml"), b'[tool.axl-docs]\nselect = ["D3"]\n')
    r = run(path)
    check(r.returncode == 2 and b"select: unknown rule code 'D3'" in r.stderr,
          "an unknown code in pyproject is an error naming the key", r.stderr)


def test_exclude_and_gitignore(tmp):
    root = os.path.join(tmp, "proj")
    for f in ["src/a.py", "build/lib/a.py", "src/migrations/m1.py", "src/gen/api_pb2.py"]:
        os.makedirs(os.path.dirname(os.path.join(root, f)), exist_ok=True)
        write(os.path.join(root, f), UNDOCUMENTED)
    write(os.path.join(root, ".gitignore"), b"build/\n")
    os.makedirs(os.path.join(root, ".git"))
    r = run("--check", "--extend-exclude", "migrations", root)
    check(b"src/a.py" in r.stdout and b"api_pb2" in r.stdout and b"build" not in r.stdout
          and b"migrations" not in r.stdout, ".gitignore and --extend-exclude respected", r.stdout)
    write(os.path.join(root, "pyproject.toml"), b'[tool.axl-docs]\nextend-exclude = ["*_pb2.py"]\n')
    r = run("--check", root)
    check(b"src/a.py" in r.stdout and b"api_pb2" not in r.stdout and b"migrations" in r.stdout,
          "extend-exclude from pyproject.toml", r.stdout)
    r = run("--check", "--no-respect-gitignore", root)
    check(b"build/lib/a.py" in r.stdout, "--no-respect-gitignore walks build/", r.stdout)


def test_output_formats(tmp):
    path = os.path.join(tmp, "users.py")
    write(path, UNDOCUMENTED)
    r = run("--check", "--output-format", "json", path)
    data = json.loads(r.stdout)
    check(r.returncode == 1 and data == [{"path": path, "line": 4, "column": 5, "code": "D103",
                                           "message": "Missing docstring in public function `get_user`"}],
          "--output-format json", r.stdout)
    r2 = run("--check", "--output-format", "json", "-", stdin=b'"""M."""\n')
    check(r2.returncode == 0 and json.loads(r2.stdout) == [], "json: nothing found is []",
          r2.stdout)
    r = run("--check", "--output-format", "github", path)
    check(r.returncode == 1 and r.stdout.decode() ==
          f"::error title=axl-docs (D103),file={path},line=4,col=5::D103 Missing docstring in "
          "public function `get_user`\n", "--output-format github annotations", r.stdout)
    r = run("--output-format", "json", path)
    check(r.returncode == 2 and b"--output-format needs --check" in r.stderr,
          "--output-format without --check is an error", r.stderr)


def test_module_docstrings_only_when_asked(tmp):
    src = b"def get_user(user_id):\n    return user_id\n"
    path = os.path.join(tmp, "users.py")
    write(path, src)
    r = run("--check", path)
    check(b"D100" not in r.stdout and b"D103" in r.stdout, "no D100 by default", r.stdout)
    r = run("--check", "--select", "D100", path)
    check(r.returncode == 1 and b"users.py:1:1: D100" in r.stdout, "--select D100 reports it",
          r.stdout)
    run(path)
    out = read(path)
    check(out.startswith(b"def get_user"), "no module docstring made from the file name", out)
    run("--include-modules", path)
    check(read(path).startswith(b'"""Users."""'), "--include-modules adds it", read(path))
    write(path, src)
    write(os.path.join(tmp, "pyproject.toml"), b"[tool.axl-docs]\ninclude-modules = true\n")
    r = run("--check", path)
    check(b"D100" in r.stdout, "include-modules = true in pyproject.toml", r.stdout)


def main():
    tests = [v for k, v in globals().items() if k.startswith("test_")]
    for t in tests:
        with tempfile.TemporaryDirectory() as tmp:
            t(tmp)
    print(f"{len(tests)} tests, {len(FAILURES)} failures")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
