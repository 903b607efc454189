#!/usr/bin/env bash
# Runs one real-editor test against the built server:  run_editor_test.sh nvim|emacs|emacs-lsp-mode AXL_DOCS REPO
# Exit 77 (ctest: skipped) when the editor is not installed; `timeout` guarantees the test ends
# even if the editor itself hangs (the scripts also have their own per-wait deadlines).
set -uo pipefail
editor=$1
export AXL_DOCS=$2 AXL_REPO=$3
AXL_WORK=$(mktemp -d "${TMPDIR:-/tmp}/axl-editor-test.XXXXXX")
export AXL_WORK
trap 'rm -rf "$AXL_WORK"' EXIT
# The editors must not read the user's own configuration or state.
export HOME=$AXL_WORK XDG_CONFIG_HOME=$AXL_WORK/config XDG_DATA_HOME=$AXL_WORK/data XDG_STATE_HOME=$AXL_WORK/state

# Every editor test also runs pylsp, the user's other Python language server, to prove axl-docs
# works beside it (both on one buffer in Neovim and lsp-mode; in another project under eglot).
need_pylsp() {
  command -v pylsp >/dev/null ||
    { echo "SKIP: pylsp is not installed (scripts/setup installs python3-pylsp)"; exit 77; }
}

case $editor in
  nvim)
    command -v nvim >/dev/null || { echo "SKIP: nvim is not installed (scripts/setup installs it)"; exit 77; }
    need_pylsp
    nvim --version | head -1
    exec timeout -k 5 300 nvim --headless -u NONE -i NONE -n \
      -c "luafile $AXL_REPO/tests/editors/nvim_test.lua" </dev/null
    ;;
  emacs)
    command -v emacs >/dev/null || { echo "SKIP: emacs is not installed (scripts/setup installs emacs-nox)"; exit 77; }
    need_pylsp
    exec timeout -k 5 300 emacs -Q --batch -l "$AXL_REPO/tests/editors/emacs_test.el" </dev/null
    ;;
  emacs-lsp-mode)
    command -v emacs >/dev/null || { echo "SKIP: emacs is not installed (scripts/setup installs emacs-nox)"; exit 77; }
    ls -d /usr/share/emacs/site-lisp/elpa/lsp-mode-* >/dev/null 2>&1 ||
      { echo "SKIP: lsp-mode is not installed (apt-get install elpa-lsp-mode)"; exit 77; }
    need_pylsp
    exec timeout -k 5 300 emacs -Q --batch -l "$AXL_REPO/tests/editors/emacs_lsp_mode_test.el" </dev/null
    ;;
  *)
    echo "usage: $0 nvim|emacs|emacs-lsp-mode AXL_DOCS REPO" >&2
    exit 2
    ;;
esac
