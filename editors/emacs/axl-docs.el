;;; axl-docs.el --- Python docstrings from the axl-docs language server  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools, python, docs

;;; Commentary:

;; Registers `axl-docs lsp' with eglot (`eglot-server-programs') and, when it is installed, with
;; lsp-mode (as an add-on server beside pyright/pylsp), passes the settings of the `axl-docs'
;; customization group, and adds `axl-docs-generate-docstring', which asks the server for the
;; "Generate docstring" code action of the function or class at point and applies it.
;;
;;   (add-to-list 'load-path "/path/to/axl-docs/editors/emacs")
;;   (require 'axl-docs)
;;   (add-hook 'python-mode-hook #'eglot-ensure)          ; or #'lsp-deferred
;;   (define-key python-mode-map (kbd "C-c d") #'axl-docs-generate-docstring)
;;
;; Eglot runs one server per major mode: registering axl-docs makes it Python's eglot server.
;; Set `axl-docs-register-with-eglot' to nil before loading to keep another one.

;;; Code:

(require 'cl-lib)
(require 'python)

(defgroup axl-docs nil
  "Python docstrings from the axl-docs language server."
  :group 'tools
  :prefix "axl-docs-"
  :link '(url-link :tag "README" "https://github.com/axl-docs/axl-docs/tree/main/editors"))

(defcustom axl-docs-executable "axl-docs"
  "The axl-docs program: a name on `exec-path' or an absolute file name."
  :type 'string)

(defcustom axl-docs-register-with-eglot t
  "Non-nil: make axl-docs the eglot server of the Python modes."
  :type 'boolean)

(defcustom axl-docs-style "google"
  "Docstring style to write and to check existing docstrings against."
  :type '(choice (const "google") (const "numpy") (const "sphinx") (const "epytext")
                 (const "pep257")))

(defcustom axl-docs-quote-style "double"
  "Quotes around new docstrings."
  :type '(choice (const :tag "\"\"\"" "double") (const :tag "'''" "single")))

(defcustom axl-docs-include-types t
  "Non-nil: write parameter and return types from annotations."
  :type 'boolean)

(defcustom axl-docs-summary-on-new-line nil
  "Non-nil: start the summary on the line after the opening quotes."
  :type 'boolean)

(defcustom axl-docs-wrap 88
  "Wrap docstring prose at this column (20-1000)."
  :type 'integer)

(defcustom axl-docs-include-private nil
  "Non-nil: also report and document _private definitions."
  :type 'boolean)

(defcustom axl-docs-diagnostics-enabled t
  "Non-nil: report missing and stale docstrings as diagnostics (flymake)."
  :type 'boolean)

(defcustom axl-docs-diagnostics-severity "information"
  "Severity of docstring diagnostics."
  :type '(choice (const "error") (const "warning") (const "information") (const "hint")
                 (const "off")))

(defcustom axl-docs-model-path ""
  "A GGUF model file for the prose.
Empty: none is passed and the name heuristic writes the prose."
  :type 'string)

(defcustom axl-docs-max-tokens 99
  "Most bytes the model may generate for one piece of prose."
  :type 'integer)

(defcustom axl-docs-temperature 0.0
  "Sampling temperature for the model (0: deterministic)."
  :type 'number)

(defun axl-docs--bool (v)
  "V as a JSON boolean for eglot's and lsp-mode's encoders."
  (if v t :json-false))

(defun axl-docs--severity ()
  "The diagnostics severity to send (\"off\" when diagnostics are disabled)."
  (if axl-docs-diagnostics-enabled axl-docs-diagnostics-severity "off"))

(defun axl-docs-settings ()
  "The server's settings (a plist) from the `axl-docs' customization group."
  (list :style axl-docs-style
        :quoteStyle axl-docs-quote-style
        :includeTypes (axl-docs--bool axl-docs-include-types)
        :summaryOnNewLine (axl-docs--bool axl-docs-summary-on-new-line)
        :wrap axl-docs-wrap
        :includePrivate (axl-docs--bool axl-docs-include-private)
        ;; Disabled is also sent as severity "off": the server reads any other severity as
        ;; "enable diagnostics" after it has read `enabled'.
        :diagnostics (list :enabled (axl-docs--bool axl-docs-diagnostics-enabled)
                           :severity (axl-docs--severity))
        :modelPath axl-docs-model-path
        :maxTokens axl-docs-max-tokens
        :temperature (float axl-docs-temperature)))

(defun axl-docs--header-line-bounds ()
  "Bounds (BEG . END) of the def/class header line point belongs to, or nil.
The server offers the docstring action for the definition whose
header overlaps the requested range."
  (save-excursion
    (back-to-indentation)
    (while (looking-at "@") (forward-line 1) (back-to-indentation))
    (unless (looking-at "\\(?:async[ \t]+\\)?\\(?:def\\|class\\)[ \t]")
      (python-nav-beginning-of-defun)
      (back-to-indentation))
    (when (looking-at "\\(?:async[ \t]+\\)?\\(?:def\\|class\\)[ \t]")
      (cons (line-beginning-position) (line-end-position)))))

;;;; eglot

(defvar eglot-server-programs)
(declare-function eglot-code-actions "eglot")
(declare-function eglot-current-server "eglot")
(declare-function eglot--workspace-configuration-plist "eglot")
(declare-function eglot-signal-didChangeConfiguration "eglot")
(declare-function jsonrpc-notify "jsonrpc")

(defun axl-docs--program ()
  "The axl-docs program as a file name.
Signals a `user-error' saying how to fix it when it is missing."
  (or (executable-find axl-docs-executable)
      (user-error (concat "axl-docs: program `%s' not found; build it with scripts/setup and "
                          "put it on `exec-path', or set `axl-docs-executable'")
                  axl-docs-executable)))

(defun axl-docs--eglot-contact (&optional _interactive)
  "The eglot contact: our server class and command line."
  (list 'axl-docs-eglot-server (axl-docs--program) "lsp"))

;; Defined by the `defclass' below, which runs only once eglot is loaded.
(declare-function axl-docs-eglot-server--eieio-childp "axl-docs")

(with-eval-after-load 'eglot
  (defclass axl-docs-eglot-server (eglot-lsp-server) ()
    :documentation "The axl-docs language server.")

  (cl-defmethod eglot-initialization-options ((_server axl-docs-eglot-server))
    (list :axl-docs (axl-docs-settings)))

  ;; Answer the server's pull for section "axl-docs" with the customization group, overlaid by
  ;; an `:axl-docs' section in `eglot-workspace-configuration' (dir-locals) when there is one.
  (cl-defmethod eglot-handle-request
    ((server axl-docs-eglot-server) (_method (eql workspace/configuration)) &key items)
    (let ((local (plist-get (ignore-errors (eglot--workspace-configuration-plist server))
                            :axl-docs)))
      (apply #'vector
             (mapcar (lambda (item)
                       (when (equal (plist-get item :section) "axl-docs")
                         (let ((settings (axl-docs-settings)))
                           (cl-loop for (k v) on local by #'cddr
                                    do (setq settings (plist-put settings k v)))
                           settings)))
                     items))))

  (when axl-docs-register-with-eglot
    (add-to-list 'eglot-server-programs '((python-mode python-ts-mode) . axl-docs--eglot-contact))))

(declare-function jsonrpc--process "jsonrpc")

(defun axl-docs--check-eglot-server (server)
  "Signal a `user-error' when SERVER, the buffer's eglot server, is not axl-docs.
Eglot runs one server per major mode and project: where another
one (pylsp, pyright) was kept, asking it for our code action
would silently find nothing."
  (unless (object-of-class-p server 'axl-docs-eglot-server)
    (user-error (concat "axl-docs: this buffer's eglot server is %s, not axl-docs; eglot runs "
                        "one server per major mode (see `axl-docs-register-with-eglot', or use "
                        "lsp-mode, which runs axl-docs beside it)")
                (let ((proc (ignore-errors (jsonrpc--process server))))
                  (if proc (file-name-nondirectory (car (process-command proc))) "another server")))))

;;;; lsp-mode

(declare-function lsp-register-client "lsp-mode")
(declare-function lsp-register-custom-settings "lsp-mode")
(declare-function make-lsp-client "lsp-mode")
(declare-function lsp-stdio-connection "lsp-mode")
(declare-function lsp-activate-on "lsp-mode")
(declare-function lsp-execute-code-action "lsp-mode")
(declare-function lsp-code-actions-at-point "lsp-mode")
(declare-function lsp-workspaces "lsp-mode")
(defvar lsp-mode)

(with-eval-after-load 'lsp-mode
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection (lambda () (list (axl-docs--program) "lsp")))
    :activation-fn (lsp-activate-on "python")
    :server-id 'axl-docs
    :add-on? t ; runs beside pyright/pylsp
    :priority -2
    :initialization-options (lambda () (list :axl-docs (axl-docs-settings)))))
  ;; The server pulls section "axl-docs" after `initialized'; lsp-mode answers from these.
  (lsp-register-custom-settings
   '(("axl-docs.style" axl-docs-style)
     ("axl-docs.quoteStyle" axl-docs-quote-style)
     ("axl-docs.includeTypes" axl-docs-include-types t)
     ("axl-docs.summaryOnNewLine" axl-docs-summary-on-new-line t)
     ("axl-docs.wrap" axl-docs-wrap)
     ("axl-docs.includePrivate" axl-docs-include-private t)
     ("axl-docs.diagnostics.enabled" axl-docs-diagnostics-enabled t)
     ("axl-docs.diagnostics.severity" axl-docs--severity)
     ("axl-docs.modelPath" axl-docs-model-path)
     ("axl-docs.maxTokens" axl-docs-max-tokens)
     ("axl-docs.temperature" axl-docs-temperature))))

;;;; Commands

;;;###autoload
(defun axl-docs-generate-docstring ()
  "Generate (or update) the docstring of the function or class at point.
Asks the language server (eglot or lsp-mode) for its
\"refactor.rewrite\" code action at the definition's header."
  (interactive)
  (let ((bounds (axl-docs--header-line-bounds)))
    (unless bounds (user-error "axl-docs: put point in a function or class"))
    (cond
     ((and (fboundp 'eglot-current-server) (eglot-current-server))
      (axl-docs--check-eglot-server (eglot-current-server))
      (eglot-code-actions (car bounds) (cdr bounds) "refactor.rewrite" t))
     ((bound-and-true-p lsp-mode)
      (save-excursion
        (goto-char (car bounds))
        (let ((action (cl-find-if (lambda (a) (string-match-p "docstring" (gethash "title" a "")))
                                  (lsp-code-actions-at-point "refactor.rewrite"))))
          (if action (lsp-execute-code-action action)
            (message "axl-docs: this docstring is already up to date")))))
     (t (user-error "axl-docs: no language server in this buffer; run M-x eglot or M-x lsp")))))

;;;###autoload
(defun axl-docs-update-settings ()
  "Send the `axl-docs' customization values to the running eglot server."
  (interactive)
  (let ((server (and (fboundp 'eglot-current-server) (eglot-current-server))))
    (unless server (user-error "axl-docs: no eglot server in this buffer"))
    (axl-docs--check-eglot-server server)
    (jsonrpc-notify server :workspace/didChangeConfiguration
                    (list :settings (list :axl-docs (axl-docs-settings))))))

(provide 'axl-docs)
;;; axl-docs.el ends here
