;;; emacs_lsp_mode_test.el --- real-editor test: Emacs + lsp-mode against axl-docs lsp  -*- lexical-binding: t; -*-
;; Run by tests/editors/CMakeLists.txt:  emacs -Q --batch -l emacs_lsp_mode_test.el
;; (env as emacs_test.el). lsp-mode is optional (Debian's elpa-lsp-mode); without it the runner
;; reports the test skipped. Checks axl-docs.el's lsp-mode registration: the server starts as an
;; add-on client, settings reach it (initializationOptions and the configuration pull), and
;; `axl-docs-generate-docstring' applies the docstring action.

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
      lsp-completion-provider :none)
(require 'lsp-mode)

(add-to-list 'load-path (expand-file-name "editors/emacs" axl-test-repo))
(require 'axl-docs)

(defun axl-test-lsp-codes ()
  "Line:code of lsp-mode's diagnostics for the current file."
  (sort (mapcar (lambda (d)
                  (format "%d:%s" (1+ (gethash "line" (gethash "start" (gethash "range" d))))
                          (gethash "code" d)))
                (gethash (buffer-file-name) (lsp-diagnostics t)))
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
  (axl-test-wait-for "lsp-mode to start axl-docs"
                     (lambda () (cl-some (lambda (w) (eq (lsp--workspace-status w) 'initialized))
                                         (lsp-workspaces))))
  (let ((ids (mapcar (lambda (w) (lsp--client-server-id (lsp--workspace-client w))) (lsp-workspaces))))
    (unless (equal ids '(axl-docs)) (axl-test-fail "lsp-mode started %S, not axl-docs" ids)))

  (axl-test-wait-for "diagnostics" (lambda () (>= (length (axl-test-lsp-codes)) 4)))
  (let ((codes (axl-test-lsp-codes)))
    (axl-test-log "diagnostics: %s" (string-join codes " "))
    (dolist (want '("1:D100" "4:D103" "8:D101" "9:D102"))
      (unless (member want codes) (axl-test-fail "missing diagnostic %s (got %S)" want codes))))

  ;; The package's command, point inside add's body.
  (axl-test-goto-line-matching "    return a \\+ b")
  (axl-docs-generate-docstring)
  (axl-test-wait-for "add's docstring"
                     (lambda () (save-excursion (axl-test-goto-line-matching "^def add")
                                                (forward-line 1)
                                                (looking-at "    \"\"\""))))
  (let ((doc (axl-test-docstring-after "^def add")))
    (axl-test-log "add's docstring:\n%s" (string-join doc "\n"))
    (axl-test-check-indent doc 4)
    (unless (string-match-p "\n    Parameters\n    ----------\n    a : int\n" (string-join doc "\n"))
      (axl-test-fail "no numpy Parameters section with `a : int' (settings not applied?)")))
  (axl-test-assert-parses))

(axl-test-main #'axl-test-run (lambda () (lsp-workspace-shutdown (car (lsp-workspaces)))))
