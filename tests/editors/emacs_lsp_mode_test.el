;;; emacs_lsp_mode_test.el --- real-editor test: Emacs + lsp-mode against axl-docs lsp  -*- lexical-binding: t; -*-
;; Run by tests/editors/CMakeLists.txt:  emacs -Q --batch -l emacs_lsp_mode_test.el
;; (env as emacs_test.el). lsp-mode is optional (Debian's elpa-lsp-mode); without it the runner
;; reports the test skipped. Checks axl-docs.el's lsp-mode registration: the server starts as an
;; add-on client beside pylsp (Debian's python3-pylsp, which the runner requires), settings reach
;; it (initializationOptions and the configuration pull), its code action is offered in lsp-mode's
;; merged menu with pylsp attached and applies, and `axl-docs-generate-docstring' applies it too.

(require 'cl-lib)
(load (expand-file-name "emacs_helpers.el" (file-name-directory load-file-name)) nil t)

;; Keep lsp-mode quiet and self-contained: no prompts, no downloads, state in the scratch dir.
(setq lsp-session-file (expand-file-name "lsp-session" axl-test-work)
      lsp-auto-guess-root nil
      lsp-enable-suggest-server-download nil
      lsp-diagnostics-provider :flymake
      lsp-restart 'ignore
      lsp-keep-workspace-alive nil
      lsp-modeline-code-actions-enable nil
      lsp-headerline-breadcrumb-enable nil
      lsp-completion-provider :none
      ;; lsp-mode's pylsp defaults lint with flake8 (not installed); pyflakes proves pylsp works.
      lsp-pylsp-plugins-pyflakes-enabled t)
(require 'lsp-mode)

(add-to-list 'load-path (expand-file-name "editors/emacs" axl-test-repo))
(require 'axl-docs)

(defun axl-test-lsp-codes ()
  "Line:code of axl-docs' diagnostics for the current file (pylsp's pyflakes/pycodestyle ones
are in the same list: told apart by their source)."
  (sort (delq nil (mapcar (lambda (d)
                            (when (equal (gethash "source" d) "axl-docs")
                              (format "%d:%s" (1+ (gethash "line" (gethash "start" (gethash "range" d))))
                                      (gethash "code" d))))
                          (gethash (buffer-file-name) (lsp-diagnostics t))))
        #'string<))

(defun axl-test-server-ids ()
  (sort (mapcar (lambda (w) (symbol-name (lsp--client-server-id (lsp--workspace-client w))))
                (lsp-workspaces))
        #'string<))

(defun axl-test-run ()
  (axl-test-log "Emacs %s, lsp-mode %s" emacs-version
                (package-version-join (package-desc-version (cadr (assq 'lsp-mode package-alist)))))
  (unless (file-executable-p axl-test-bin) (axl-test-fail "%s is not an executable" axl-test-bin))
  (setq axl-docs-executable axl-test-bin
        axl-docs-style "numpy")           ; not the server's default: proves settings reach it
  (axl-test-write-sample)
  (lsp-workspace-folders-add axl-test-work)
  (lsp)
  ;; pylsp is the main server; axl-docs joins it as an add-on, both on this one buffer.
  (axl-test-wait-for "lsp-mode to start pylsp and axl-docs"
                     (lambda () (and (equal (axl-test-server-ids) '("axl-docs" "pylsp"))
                                     (cl-every (lambda (w) (eq (lsp--workspace-status w) 'initialized))
                                               (lsp-workspaces))))
                     axl-test-start-wait)
  (axl-test-log "servers on the buffer: %s" (string-join (axl-test-server-ids) " "))

  (axl-test-wait-for "diagnostics" (lambda () (>= (length (axl-test-lsp-codes)) 4)))
  (let ((codes (axl-test-lsp-codes)))
    (axl-test-log "diagnostics: %s" (string-join codes " "))
    (dolist (want '("1:D100" "4:D103" "8:D101" "9:D102"))
      (unless (member want codes) (axl-test-fail "missing diagnostic %s (got %S)" want codes))))
  ;; pylsp works on the same buffer: its pyflakes reports the unused import (pylsp's first lint
  ;; is part of its slow start).
  (axl-test-wait-for "pylsp's pyflakes diagnostic on `import os'"
                     (lambda () (cl-some (lambda (d) (equal (gethash "source" d) "pyflakes"))
                                         (gethash (buffer-file-name) (lsp-diagnostics t))))
                     axl-test-start-wait)

  ;; lsp-mode's own code-action menu at `def add' merges both servers' actions; the user picks ours.
  (axl-test-goto-line-matching "^def add")
  (forward-char 4)
  (let (offered)
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (setq offered (mapcar (lambda (c) (if (consp c) (car c) c)) collection))
                 (or (cl-find-if (lambda (c) (string-match-p "Generate docstring for `add`" c)) offered)
                     (axl-test-fail "no 'Generate docstring for `add`' action among %S" offered)))))
      (call-interactively #'lsp-execute-code-action))
    (axl-test-log "code actions at def add: %s" (string-join offered " | ")))
  ;; numpy, not the server's default style: the settings reached it.
  (axl-test-check-new-docstring "^def add" 4 "\n    Parameters\n    ----------\n    a : int\n")

  ;; The package's command, point inside greet's body.
  (axl-test-goto-line-matching "raise ValueError")
  (axl-docs-generate-docstring)
  (axl-test-check-new-docstring "    def greet" 8 "\n        Raises\n        ------\n        ValueError\n"))

(axl-test-main #'axl-test-run (lambda () (mapc #'lsp-workspace-shutdown (lsp-workspaces))))
