#!/usr/bin/env python3
"""Real LSP clients against `axl-docs lsp`: headless Neovim 0.7.2 (neovim_smoke.lua: lazy edits via
codeAction/resolve) or Emacs 28 + Eglot 1.9 (eglot_smoke.el: no resolve, so eager edits). Each
opens a file, waits for the D103 diagnostic, applies the code action, saves, and waits for the
diagnostic to clear.

Usage: editor_smoke.py AXL_DOCS_BINARY neovim|eglot EDITOR_EXECUTABLE
"""
import os
import subprocess
import sys
import tempfile

SOURCE = '"""Users."""\n\n\ndef get_user_name(user_id: int) -> str:\n    return str(user_id)\n'


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    binary, kind, editor = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "users.py")
        with open(path, "w") as f:
            f.write(SOURCE)
        env = dict(os.environ, AXL_DOCS=binary, PYFILE=path, HOME=tmp, XDG_STATE_HOME=tmp,
                   XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp)
        if kind == "neovim":
            cmd = [editor, "--headless", "-u", "NONE", "-i", "NONE", "-c",
                   "luafile " + os.path.join(here, "neovim_smoke.lua")]
        else:  # -q, not -Q: Debian's site-start puts the elpa-eglot package on the load path
            cmd = [editor, "--batch", "-q", "-l", os.path.join(here, "eglot_smoke.el")]
        try:
            run = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, timeout=60,
                                 stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            print("FAIL: %s timed out" % kind)
            return 1
        out = (run.stdout + run.stderr).decode(errors="replace")
        text = open(path).read()
        if run.returncode != 0 or '"""Return the user name.' not in text:
            print("FAIL (status %d)\n%s\n--- file\n%s" % (run.returncode, out, text))
            return 1
        print([line for line in out.splitlines() if line.startswith("ok:") or "ok:" in line][-1:])
        return 0


if __name__ == "__main__":
    sys.exit(main())
