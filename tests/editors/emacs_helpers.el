;;; emacs_helpers.el --- shared by emacs_test.el (eglot) and emacs_lsp_mode_test.el  -*- lexical-binding: t; -*-
;; Waits with deadlines, docstring/indentation/parse checks, and the run-and-exit wrapper.

(require 'cl-lib)
(require 'package)
;; -Q skips Debian's site start-up, which is what normally activates the elpa-* packages.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'flymake)

(defvar axl-test-bin (or (getenv "AXL_DOCS") (error "AXL_DOCS unset")))
(defvar axl-test-repo (or (getenv "AXL_REPO") (error "AXL_REPO unset")))
(defvar axl-test-work (or (getenv "AXL_WORK") (error "AXL_WORK unset")))
(defvar axl-test-wait 20.0 "Seconds any single wait may take.")
(defvar axl-test-start-wait 150.0
  "Seconds the language servers may take to start: pylsp imports its plugins (jedi, rope,
pyflakes, ...) first: 2 s when idle, over 90 s on a 2-core machine loaded by builds.")

(add-to-list 'load-path (expand-file-name "editors/emacs" axl-test-repo))
(require 'axl-docs)

(defun axl-test-log (fmt &rest args)
  (princ (concat "emacs_test: " (apply #'format fmt args) "\n") #'external-debugging-output))

(define-error 'axl-test-failure "axl-docs Emacs test failed")
(defun axl-test-fail (fmt &rest args)
  (signal 'axl-test-failure (list (apply #'format fmt args))))

(defun axl-test-wait-for (what pred &optional seconds)
  (let* ((seconds (or seconds axl-test-wait))
         (end (+ (float-time) seconds)))
    (while (not (funcall pred))
      (when (> (float-time) end)
        (axl-test-fail "timed out after %.0f s waiting for %s" seconds what))
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

(defun axl-test-wait-docstring (header-regexp indent)
  "Wait until the line after the one matching HEADER-REGEXP opens a docstring at INDENT."
  (axl-test-wait-for (format "a docstring after %s" header-regexp)
                     (lambda () (save-excursion (axl-test-goto-line-matching header-regexp)
                                                (forward-line 1)
                                                (looking-at (concat (make-string indent ?\s) "\"\"\""))))))

(defun axl-test-check-new-docstring (header-regexp indent section-regexp)
  "Wait for the docstring after HEADER-REGEXP; check its INDENT, that it matches SECTION-REGEXP,
and that the buffer still parses."
  (axl-test-wait-docstring header-regexp indent)
  (let* ((doc (axl-test-docstring-after header-regexp))
         (text (string-join doc "\n")))
    (axl-test-log "docstring after %s:\n%s" header-regexp text)
    (axl-test-check-indent doc indent)
    (unless (string-match-p section-regexp text)
      (axl-test-fail "the docstring after %s does not match %S" header-regexp section-regexp)))
  (axl-test-assert-parses))

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

(defun axl-test-write-sample ()
  "Write the sample module and visit it."
  (let ((file (expand-file-name "sample.py" axl-test-work)))
    (with-temp-file file
      (insert "import os\n\n\ndef add(a: int, b: int = 2) -> int:\n    return a + b\n\n\n"
              "class Greeter:\n    def greet(self, name):\n        if not name:\n"
              "            raise ValueError(\"empty\")\n        return \"hi \" + name\n"))
    (find-file file))
  (unless (derived-mode-p 'python-mode) (axl-test-fail "not in python-mode: %s" major-mode)))

(defun axl-test-check-diagnostics ()
  "Flymake shows the four missing-docstring diagnostics of the sample."
  (axl-test-wait-for "flymake diagnostics" (lambda () (>= (length (flymake-diagnostics)) 4)))
  (let ((codes (axl-test-diagnostic-codes)))
    (axl-test-log "diagnostics: %s" (string-join codes " "))
    (dolist (want '("1:D100" "4:D103" "8:D101" "9:D102"))
      (unless (member want codes) (axl-test-fail "missing diagnostic %s (got %S)" want codes)))))

(defun axl-test-main (run shutdown)
  "Call RUN; print the verdict and the buffer; call SHUTDOWN; exit 0 or 1."
  (let ((status 1))
    (condition-case err
        (progn (funcall run) (setq status 0) (axl-test-log "PASS"))
      (error (axl-test-log "FAIL: %s" (if (eq (car err) 'axl-test-failure) (cadr err)
                                        (error-message-string err)))))
    (let ((buf (get-file-buffer (expand-file-name "sample.py" axl-test-work))))
      (when buf
        (axl-test-log "---- buffer ----\n%s---- end ----"
                      (with-current-buffer buf (buffer-substring-no-properties (point-min) (point-max))))
        (with-current-buffer buf
          (set-buffer-modified-p nil)
          (ignore-errors (funcall shutdown)))))
    (kill-emacs status)))

(provide 'emacs_helpers)
