;;; emacs_test.el --- real-editor test: Emacs + eglot (Debian's 28 / 1.9) against axl-docs lsp  -*- lexical-binding: t; -*-
;; Run by tests/editors/CMakeLists.txt:  emacs -Q --batch -l emacs_test.el
;; (env: AXL_DOCS = the binary, AXL_REPO = the checkout, AXL_WORK = a scratch directory).
;; Any failure prints the reason and the buffer and exits non-zero; every wait has a deadline.

(require 'cl-lib)
(require 'package)
;; -Q skips Debian's site start-up, which is what normally activates the elpa-* packages.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'flymake)

(defvar axl-test-bin (or (getenv "AXL_DOCS") (error "AXL_DOCS unset")))
(defvar axl-test-repo (or (getenv "AXL_REPO") (error "AXL_REPO unset")))
(defvar axl-test-work (or (getenv "AXL_WORK") (error "AXL_WORK unset")))
(defvar axl-test-wait 20.0 "Seconds any single wait may take.")

(add-to-list 'load-path (expand-file-name "editors/emacs" axl-test-repo))
(require 'axl-docs)

(defun axl-test-log (fmt &rest args)
  (princ (concat "emacs_test: " (apply #'format fmt args) "\n") #'external-debugging-output))

(define-error 'axl-test-failure "axl-docs Emacs test failed")
(defun axl-test-fail (fmt &rest args)
  (signal 'axl-test-failure (list (apply #'format fmt args))))

(defun axl-test-wait-for (what pred)
  (let ((end (+ (float-time) axl-test-wait)))
    (while (not (funcall pred))
      (when (> (float-time) end)
        (axl-test-fail "timed out after %.0f s waiting for %s" axl-test-wait what))
      (accept-process-output nil 0.05))))

(defun axl-test-goto-line-matching (regexp)
  (goto-char (point-min))
  (unless (re-search-forward regexp nil t) (axl-test-fail "no line matches %s" regexp))
  (beginning-of-line))

(defun axl-test-line (n)
  "Text of line N (1-based)."
  (save-excursion (goto-char (point-min)) (forward-line (1- n))
                  (buffer-substring-no-properties (line-beginning-position) (line-end-position))))

(defun axl-test-docstring-after (header-regexp)
  "Lines of the docstring that starts on the line after the one matching HEADER-REGEXP."
  (axl-test-goto-line-matching header-regexp)
  (let* ((first (1+ (line-number-at-pos)))
         (lines (list (axl-test-line first))))
    (unless (string-match-p "\"\"\"" (car lines)) (axl-test-fail "no docstring after %s" header-regexp))
    (unless (string-match-p "\"\"\".*\"\"\"" (car lines))
      (cl-loop for n from (1+ first) to (count-lines (point-min) (point-max))
               do (push (axl-test-line n) lines)
               until (string-match-p "\"\"\"" (car lines))))
    (nreverse lines)))

(defun axl-test-check-indent (lines indent)
  (let ((pad (make-string indent ?\s)))
    (unless (string-match-p (concat "\\`" pad "\"\"\"[A-Z]") (car lines))
      (axl-test-fail "summary line not at indent %d: %S" indent (car lines)))
    (unless (equal (car (last lines)) (concat pad "\"\"\""))
      (axl-test-fail "closing quotes not alone at indent %d: %S" indent (car (last lines))))
    (dolist (l lines)
      (unless (or (string-empty-p l) (string-prefix-p pad l))
        (axl-test-fail "docstring line escapes the body's indentation: %S" l)))))

(defun axl-test-assert-parses ()
  (let ((file (expand-file-name "parse_check.py" axl-test-work)))
    (write-region (point-min) (point-max) file nil 'silent)
    (with-temp-buffer
      (unless (zerop (call-process "python3" nil t nil "-c"
                                   "import ast, sys; ast.parse(open(sys.argv[1]).read())" file))
        (axl-test-fail "the buffer no longer parses as Python:\n%s" (buffer-string))))))

(defun axl-test-diagnostic-codes ()
  (sort (mapcar (lambda (d)
                  (let ((lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
                    (format "%d:%s" (line-number-at-pos (flymake-diagnostic-beg d))
                            (plist-get lsp :code))))
                (flymake-diagnostics))
        #'string<))

(defun axl-test-run ()
  (axl-test-log "Emacs %s, eglot %s" emacs-version
                (package-version-join (package-desc-version (cadr (assq 'eglot package-alist)))))
  (unless (file-executable-p axl-test-bin) (axl-test-fail "%s is not an executable" axl-test-bin))
  (setq axl-docs-executable axl-test-bin
        axl-docs-style "numpy"          ; not the server's default: proves settings reach it
        eglot-sync-connect t)
  (let ((file (expand-file-name "sample.py" axl-test-work)))
    (with-temp-file file
      (insert "import os\n\n\ndef add(a: int, b: int = 2) -> int:\n    return a + b\n\n\n"
              "class Greeter:\n    def greet(self, name):\n        if not name:\n"
              "            raise ValueError(\"empty\")\n        return \"hi \" + name\n"))
    (find-file file))
  (unless (derived-mode-p 'python-mode) (axl-test-fail "not in python-mode: %s" major-mode))

  ;; 1. eglot picks axl-docs from `eglot-server-programs' and connects.
  (call-interactively #'eglot)
  (axl-test-wait-for "eglot to connect" (lambda () (and (eglot-current-server) (eglot-managed-p))))
  (unless (object-of-class-p (eglot-current-server) 'axl-docs-eglot-server)
    (axl-test-fail "eglot started %S, not axl-docs" (eglot-current-server)))

  ;; 2. Diagnostics arrive through flymake.
  (axl-test-wait-for "flymake diagnostics" (lambda () (>= (length (flymake-diagnostics)) 4)))
  (let ((codes (axl-test-diagnostic-codes)))
    (axl-test-log "diagnostics: %s" (string-join codes " "))
    (dolist (want '("1:D100" "4:D103" "8:D101" "9:D102"))
      (unless (member want codes) (axl-test-fail "missing diagnostic %s (got %S)" want codes))))

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
  (axl-test-assert-parses))

(let ((status 1))
  (condition-case err
      (progn (axl-test-run) (setq status 0) (axl-test-log "PASS"))
    (error (axl-test-log "FAIL: %s" (if (eq (car err) 'axl-test-failure) (cadr err)
                                      (error-message-string err)))))
  (let ((buf (get-file-buffer (expand-file-name "sample.py" axl-test-work))))
    (when buf
      (axl-test-log "---- buffer ----\n%s---- end ----"
                    (with-current-buffer buf (buffer-substring-no-properties (point-min) (point-max))))
      (with-current-buffer buf (set-buffer-modified-p nil))))
  (ignore-errors (eglot-shutdown (eglot-current-server)))
  (kill-emacs status))
