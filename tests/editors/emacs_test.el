;;; emacs_test.el --- real-editor test: Emacs + eglot (Debian's 28 / 1.9) against axl-docs lsp  -*- lexical-binding: t; -*-
;; Run by tests/editors/CMakeLists.txt:  emacs -Q --batch -l emacs_test.el
;; (env: AXL_DOCS = the binary, AXL_REPO = the checkout, AXL_WORK = a scratch directory).
;; Any failure prints the reason and the buffer and exits non-zero; every wait has a deadline.

(require 'cl-lib)
(load (expand-file-name "emacs_helpers.el" (file-name-directory load-file-name)) nil t)
(require 'eglot)
;; eglot's requests (code actions) give up after jsonrpc's 10 s: too short on a 2-core machine
;; loaded by builds, where one answer has taken longer.
(setq jsonrpc-default-request-timeout 60)

(add-to-list 'load-path (expand-file-name "editors/emacs" axl-test-repo))
(require 'axl-docs)

(defun axl-test-run ()
  (axl-test-log "Emacs %s, eglot %s" emacs-version
                (package-version-join (package-desc-version (cadr (assq 'eglot package-alist)))))
  (unless (file-executable-p axl-test-bin) (axl-test-fail "%s is not an executable" axl-test-bin))
  ;; Disabled diagnostics travel as severity "off" too (see axl-docs-settings).
  (let ((axl-docs-diagnostics-enabled nil))
    (unless (equal (plist-get (axl-docs-settings) :diagnostics) '(:enabled :json-false :severity "off"))
      (axl-test-fail "disabled diagnostics are sent as %S" (plist-get (axl-docs-settings) :diagnostics))))
  (setq axl-docs-executable axl-test-bin
        axl-docs-style "numpy"          ; not the server's default: proves settings reach it
        eglot-sync-connect t)
  (axl-test-write-sample)

  ;; 1. eglot picks axl-docs from `eglot-server-programs' and connects.
  (call-interactively #'eglot)
  (axl-test-wait-for "eglot to connect" (lambda () (and (eglot-current-server) (eglot-managed-p))))
  (unless (object-of-class-p (eglot-current-server) 'axl-docs-eglot-server)
    (axl-test-fail "eglot started %S, not axl-docs" (eglot-current-server)))

  ;; 2. Diagnostics arrive through flymake.
  (axl-test-check-diagnostics)

  ;; 3. eglot's code action at point (on `add'), picked from its menu as a user would.
  (axl-test-goto-line-matching "^def add")
  (forward-char 4)
  (let (offered)
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (setq offered (mapcar #'car collection))
                 "Generate docstring for `add`")))
      (let ((last-nonmenu-event ?a)) ; a keyboard invocation: eglot prompts, no popup menu
        (eglot-code-actions (point) (point) nil t)))
    (axl-test-log "code actions at def add: %s" (string-join offered " | "))
    (unless (member "Generate docstring for `add`" offered)
      (axl-test-fail "no 'Generate docstring for `add`' action among %S" offered)))
  (let ((doc (axl-test-docstring-after "^def add")))
    (axl-test-log "add's docstring:\n%s" (string-join doc "\n"))
    (axl-test-check-indent doc 4)
    (let ((text (string-join doc "\n")))
      (unless (string-match-p "\n    Parameters\n    ----------\n    a : int\n" text)
        (axl-test-fail "no numpy Parameters section with `a : int' (settings not applied?)")))
    (unless (equal (axl-test-line (+ (line-number-at-pos) 1 (length doc))) "    return a + b")
      (axl-test-fail "the body after add's docstring changed")))
  (axl-test-assert-parses)

  ;; 4. The package's command, with point inside greet's body.
  (axl-test-goto-line-matching "raise ValueError")
  (axl-docs-generate-docstring)
  (axl-test-wait-for "greet's docstring"
                     (lambda () (save-excursion (axl-test-goto-line-matching "    def greet")
                                                (forward-line 1)
                                                (looking-at "        \"\"\""))))
  (let ((doc (axl-test-docstring-after "    def greet")))
    (axl-test-log "greet's docstring:\n%s" (string-join doc "\n"))
    (axl-test-check-indent doc 8)
    (unless (string-match-p "\n        Raises\n        ------\n        ValueError\n" (string-join doc "\n"))
      (axl-test-fail "greet's Raises section is missing")))
  (axl-test-assert-parses)

  ;; 5. Type """ in a new function and complete with eglot's completion-at-point.
  (goto-char (point-max))
  (insert "\n\ndef scale(values, factor=2.0):\n    return [v * factor for v in values]\n")
  (axl-test-goto-line-matching "^def scale")
  (end-of-line)
  (insert "\n    \"\"\"")
  (completion-at-point)
  (let ((doc (axl-test-docstring-after "^def scale")))
    (axl-test-log "scale's docstring:\n%s" (string-join doc "\n"))
    (axl-test-check-indent doc 4)
    (unless (string-match-p "\n    values\n" (string-join doc "\n"))
      (axl-test-fail "the completed docstring does not document `values'"))
    (axl-test-goto-line-matching "^def scale")
    (unless (equal (axl-test-line (+ (line-number-at-pos) 1 (length doc)))
                   "    return [v * factor for v in values]")
      (axl-test-fail "the body after the completed docstring changed")))
  (axl-test-assert-parses)

  ;; 6. A setting changed at run time reaches the server (workspace/didChangeConfiguration).
  (setq axl-docs-style "sphinx")
  (axl-docs-update-settings)
  (goto-char (point-max))
  (insert "\n\ndef after(y: str) -> str:\n    return y\n")
  (axl-test-goto-line-matching "^def after")
  (axl-docs-generate-docstring)
  (axl-test-wait-for "after's docstring"
                     (lambda () (save-excursion (axl-test-goto-line-matching "^def after")
                                                (forward-line 1)
                                                (looking-at "    \"\"\""))))
  (let ((doc (axl-test-docstring-after "^def after")))
    (axl-test-log "after's docstring (sphinx):\n%s" (string-join doc "\n"))
    (axl-test-check-indent doc 4)
    (unless (string-match-p "\n    :param y: " (string-join doc "\n"))
      (axl-test-fail "the sphinx style set at run time was not used")))
  (axl-test-assert-parses)

  ;; 7. Beside pylsp: eglot runs one server per major mode and project, so a project that keeps
  ;; pylsp (eglot's own default for python-mode, which `axl-docs-register-with-eglot' nil leaves in
  ;; place) runs it in the same Emacs while this one keeps axl-docs; there the axl-docs command
  ;; says why it cannot work instead of finding no action.
  (let* ((eglot-server-programs (cl-remove 'axl-docs--eglot-contact eglot-server-programs :key #'cdr))
         (eglot-connect-timeout axl-test-start-wait)
         (sample (current-buffer))
         (file (expand-file-name "other/other.py" axl-test-work)))
    (make-directory (file-name-directory file))
    (write-region "def twice(x):\n    return 2 * x\n" nil file nil 'silent)
    (find-file file)
    (call-interactively #'eglot)
    (axl-test-wait-for "eglot to connect pylsp" (lambda () (and (eglot-current-server) (eglot-managed-p)))
                       axl-test-start-wait)
    (let ((command (process-command (jsonrpc--process (eglot-current-server)))))
      (axl-test-log "other project's eglot server: %s" (string-join command " "))
      (unless (equal (file-name-nondirectory (car command)) "pylsp") (axl-test-fail "the other project runs %S, not pylsp" command)))
    (axl-test-goto-line-matching "    return")
    (let ((err (condition-case e (progn (axl-docs-generate-docstring) nil) (user-error (cadr e)))))
      (axl-test-log "axl-docs-generate-docstring there: %s" err)
      (unless (and err (string-match-p "eglot server is pylsp, not axl-docs" err))
        (axl-test-fail "axl-docs-generate-docstring under pylsp did not explain the limit: %S" err)))
    (unless (object-of-class-p (with-current-buffer sample (eglot-current-server)) 'axl-docs-eglot-server)
      (axl-test-fail "sample.py lost its axl-docs server"))
    (eglot-shutdown (eglot-current-server))
    (switch-to-buffer sample)))

(axl-test-main #'axl-test-run (lambda () (eglot-shutdown (eglot-current-server))))
