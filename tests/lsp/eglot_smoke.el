;;; eglot_smoke.el --- Emacs + Eglot 1.9 (a real, older client) against `axl-docs lsp'.
;; Eglot 1.9 has no codeAction/resolve, so the server must include edits eagerly.
;; Run: AXL_DOCS=build/axl-docs PYFILE=/tmp/x.py emacs --batch -q -l eglot_smoke.el (-q: Debian's site-start adds Eglot)
(require (quote eglot))
(require 'python)
(require 'flymake)

(defun axl-fail (fmt &rest args)
  (princ (concat "FAIL: " (apply #'format fmt args) "\n") #'external-debugging-output)
  (kill-emacs 1))

(defun axl-wait (pred seconds)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defun axl-codes ()
  (mapcar (lambda (d) (flymake-diagnostic-text d)) (flymake-diagnostics)))

(condition-case err
    (let ((bin (getenv "AXL_DOCS"))
          (file (getenv "PYFILE")))
      (find-file file)
      (python-mode)
      (eglot '(python-mode) (cons 'transient default-directory) 'eglot-lsp-server
             (list bin "lsp" "--no-model") "python")
      (unless (axl-wait (lambda () (seq-some (lambda (m) (string-match-p "D103" m)) (axl-codes))) 15)
        (axl-fail "no D103 diagnostic: %S" (axl-codes)))
      (let* ((server (eglot-current-server))
             (actions (jsonrpc-request
                       server :textDocument/codeAction
                       (list :textDocument (eglot--TextDocumentIdentifier)
                             :range (list :start (list :line 3 :character 0)
                                          :end (list :line 3 :character 0))
                             :context (list :diagnostics []))))
             (action (and (> (length actions) 0) (aref actions 0))))
        (unless (and action (plist-get action :edit))
          (axl-fail "expected an eager edit, got %S" actions))
        (eglot--apply-workspace-edit (plist-get action :edit))
        (save-buffer)
        (unless (string-match-p "\"\"\"Return the user name\\." (buffer-string))
          (axl-fail "docstring not inserted:\n%s" (buffer-string)))
        (unless (axl-wait (lambda () (not (seq-some (lambda (m) (string-match-p "D103" m))
                                                   (axl-codes))))
                          15)
          (axl-fail "D103 still reported: %S" (axl-codes)))
        (eglot-shutdown server)
        (princ "ok: eglot applied the eager edit\n" #'external-debugging-output)
        (kill-emacs 0)))
  (error (axl-fail "%S" err)))
