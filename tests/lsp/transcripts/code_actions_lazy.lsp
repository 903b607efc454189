# Diagnostics -> quick fix -> codeAction/resolve (lazy edits), Update for a stale docstring,
# the file-wide source action, and ContentModified for a resolve made stale by an edit.
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{
     "textDocument":{"codeAction":{"codeActionLiteralSupport":{"codeActionKind":{"valueSet":["quickfix","refactor","source"]}},
                                   "resolveSupport":{"properties":["edit"]}},
                     "publishDiagnostics":{"versionSupport":true}},
     "workspace":{"applyEdit":true,"workspaceEdit":{"documentChanges":true}}}}}
<-- {"id":1,"result":{"capabilities":{"positionEncoding":"utf-16"}}}
--> {"jsonrpc":"2.0","method":"initialized","params":{}}
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/axl_t/m.py","languageId":"python","version":1,
     "text":"\"\"\"Module.\"\"\"\n\n\ndef get_user_name(user_id: int) -> str:\n    return str(user_id)\n\n\ndef documented(a, b):\n    \"\"\"Add things.\n\n    Args:\n        a: First.\n\n    \"\"\"\n    print(a, b)\n"}}}
<-- {"method":"textDocument/publishDiagnostics","params":{"uri":"file:///tmp/axl_t/m.py","version":1,"diagnostics":[
     {"code":"D103","severity":3,"source":"axl-docs","message":"Missing docstring in public function",
      "range":{"start":{"line":3,"character":4},"end":{"line":3,"character":17}},"data":"$d103data"},
     {"code":"DOC101","severity":3,"message":"Parameter `b` is missing from the docstring",
      "range":{"start":{"line":7,"character":4},"end":{"line":7,"character":14}},"data":"$doc101data"}]}}
--> {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/axl_t/m.py"},
     "range":{"start":{"line":3,"character":4},"end":{"line":3,"character":17}},
     "context":{"diagnostics":[{"code":"D103","severity":3,"source":"axl-docs","message":"Missing docstring in public function",
      "range":{"start":{"line":3,"character":4},"end":{"line":3,"character":17}},"data":"$d103data"}]}}}
<-- {"id":2,"result":[
     {"title":"Generate docstring for `get_user_name`","kind":"quickfix","isPreferred":true,"edit":"<absent>",
      "diagnostics":[{"code":"D103"}],"data":"$action"},
     {"title":"Generate all missing docstrings in file","kind":"source",
      "command":{"command":"axl-docs.generateFileDocstrings","arguments":[{"uri":"file:///tmp/axl_t/m.py","version":1}]}}]}
--> {"jsonrpc":"2.0","id":3,"method":"codeAction/resolve","params":{"title":"Generate docstring for `get_user_name`","kind":"quickfix","data":"$action"}}
<-- {"id":3,"result":{"title":"Generate docstring for `get_user_name`","edit":{"documentChanges":[{
     "textDocument":{"uri":"file:///tmp/axl_t/m.py","version":1},
     "edits":[{"range":{"start":{"line":4,"character":0},"end":{"line":4,"character":0}},
               "newText":"    \"\"\"Return the user name.\n\n    Args:\n        user_id (int): The user ID.\n\n    Returns:\n        str: The user name.\n    \"\"\"\n"}]}]}}}
# Resolving the file action (it carries a command) returns it unchanged.
--> {"jsonrpc":"2.0","id":30,"method":"codeAction/resolve","params":{"title":"Generate all missing docstrings in file","kind":"source",
     "command":{"title":"x","command":"axl-docs.generateFileDocstrings","arguments":[{"uri":"file:///tmp/axl_t/m.py","version":1}]}}}
<-- {"id":30,"result":{"kind":"source","command":{"command":"axl-docs.generateFileDocstrings"},"edit":"<absent>"}}
# The stale docstring: on its def line, without a diagnostic -> refactor.rewrite "Update", which
# adds the entry and keeps the rest as written (the blank line before the quotes too).
--> {"jsonrpc":"2.0","id":4,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/axl_t/m.py"},
     "range":{"start":{"line":7,"character":0},"end":{"line":7,"character":0}},"context":{"diagnostics":[],"only":["refactor"]}}}
<-- {"id":4,"result":[{"title":"Update docstring for `documented`","kind":"refactor.rewrite","data":"$update"}]}
--> {"jsonrpc":"2.0","id":5,"method":"codeAction/resolve","params":{"title":"Update docstring for `documented`","data":"$update"}}
<-- {"id":5,"result":{"edit":{"documentChanges":[{"edits":[{
     "range":{"start":{"line":8,"character":4},"end":{"line":13,"character":7}},
     "newText":"\"\"\"Add things.\n\n    Args:\n        a: First.\n        b: The b.\n\n    \"\"\""}]}]}}}
# An edit (version 2) makes the listed action stale.
--> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/axl_t/m.py","version":2},
     "contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"# hi\n"}]}}
--> {"jsonrpc":"2.0","id":6,"method":"codeAction/resolve","params":{"title":"Generate docstring for `get_user_name`","data":"$action"}}
<-- {"id":6,"error":{"code":-32801}}
<-- {"method":"textDocument/publishDiagnostics","params":{"version":2,"diagnostics":[
     {"code":"D103","range":{"start":{"line":4,"character":4}}},{"code":"DOC101"}]}}
--> {"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"file:///tmp/axl_t/m.py"}}}
<-- {"method":"textDocument/publishDiagnostics","params":{"uri":"file:///tmp/axl_t/m.py","diagnostics":[]}}
--> {"jsonrpc":"2.0","id":7,"method":"shutdown"}
<-- {"id":7,"result":null}
--> {"jsonrpc":"2.0","method":"exit"}
exit 0
