#!/usr/bin/env python3
"""Runs neovim_smoke.lua in a headless Neovim (a real LSP client) against `axl-docs lsp`.

Usage: neovim_smoke.py AXL_DOCS_BINARY NVIM
"""
import os
import subprocess
import sys
import tempfile


def main():
    binary, nvim = os.path.abspath(sys.argv[1]), sys.argv[2]
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "neovim_smoke.lua")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "users.py")
        with open(path, "w") as f:
            f.write('"""Users."""\n\n\ndef get_user_name(user_id: int) -> str:\n    return str(user_id)\n')
        env = dict(os.environ, AXL_DOCS=binary, PYFILE=path, HOME=tmp, XDG_STATE_HOME=tmp,
                   XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp)
        try:
            run = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c",
                                  "luafile " + script], cwd=tmp, env=env, capture_output=True,
                                 timeout=60, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            print("FAIL: neovim timed out")
            return 1
        out = (run.stdout + run.stderr).decode(errors="replace")
        text = open(path).read()
        if run.returncode != 0 or '"""Return the user name.' not in text:
            print("FAIL (status %d)\n%s\n--- file\n%s" % (run.returncode, out, text))
            return 1
        print(out.strip().splitlines()[-1] if out.strip() else "ok")
        return 0


if __name__ == "__main__":
    sys.exit(main())
