# "Generate all missing docstrings in file": window/workDoneProgress/create, $/progress
# begin/report/end, one workspace/applyEdit, and the command's reply after the client applied it.
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{
     "window":{"workDoneProgress":true},"workspace":{"applyEdit":true,"workspaceEdit":{"documentChanges":true}}}}}
<-- {"id":1,"result":{"capabilities":{"executeCommandProvider":{"commands":["axl-docs.generateDocstring","axl-docs.generateFileDocstrings"]}}}}
--> {"jsonrpc":"2.0","method":"initialized","params":{}}
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/axl_t/x.py","languageId":"python","version":3,
     "text":"def load(path):\n    return open(path).read()\n\n\nclass Box:\n    def _hidden(self):\n        pass\n"}}}
--> {"jsonrpc":"2.0","id":2,"method":"workspace/executeCommand","params":{"command":"axl-docs.generateFileDocstrings",
     "arguments":[{"uri":"file:///tmp/axl_t/x.py","version":3}]}}
<-- {"id":"$create","method":"window/workDoneProgress/create","params":{"token":"$token"}}
<!- {"id":2}
--> {"jsonrpc":"2.0","id":"$create","result":null}
<-- {"method":"$/progress","params":{"token":"$token","value":{"kind":"begin","cancellable":true,"percentage":0}}}
<-- {"method":"$/progress","params":{"token":"$token","value":{"kind":"report","message":"1/3"}}}
<-- {"method":"$/progress","params":{"token":"$token","value":{"kind":"report","message":"2/3"}}}
<-- {"method":"$/progress","params":{"token":"$token","value":{"kind":"report","message":"3/3","percentage":100}}}
<-- {"method":"$/progress","params":{"token":"$token","value":{"kind":"end"}}}
<-- {"id":"$apply","method":"workspace/applyEdit","params":{"edit":{"documentChanges":[{
     "textDocument":{"uri":"file:///tmp/axl_t/x.py","version":3},
     "edits":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"newText":"$module_doc"},
              {"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":0}},"newText":"$load_doc"},
              {"range":{"start":{"line":5,"character":0},"end":{"line":5,"character":0}},"newText":"$box_doc"}]}]}}}
<!- {"id":2}
# Like VS Code, the client sends the resulting didChange before answering applyEdit.
--> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/axl_t/x.py","version":4},
     "contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"# x\n"}]}}
--> {"jsonrpc":"2.0","id":"$apply","result":{"applied":true}}
<-- {"id":2,"result":{"applied":true}}
# One definition through the command, with the client's own progress token.
--> {"jsonrpc":"2.0","id":3,"method":"workspace/executeCommand","params":{"command":"axl-docs.generateDocstring","workDoneToken":"mine",
     "arguments":[{"uri":"file:///tmp/axl_t/x.py","version":4,"index":1,"def":"load"}]}}
<-- {"method":"$/progress","params":{"token":"mine","value":{"kind":"begin"}}}
<-- {"method":"$/progress","params":{"token":"mine","value":{"kind":"end"}}}
<-- {"id":"$apply2","method":"workspace/applyEdit","params":{"edit":{"documentChanges":[{"edits":[{"newText":"$load_doc"}]}]}}}
--> {"jsonrpc":"2.0","id":"$apply2","error":{"code":-32603,"message":"no"}}
<-- {"id":3,"error":{"code":-32803}}
# Unknown command, bad arguments, stale version.
--> {"jsonrpc":"2.0","id":4,"method":"workspace/executeCommand","params":{"command":"rm -rf","arguments":[]}}
<-- {"id":4,"error":{"code":-32602}}
--> {"jsonrpc":"2.0","id":5,"method":"workspace/executeCommand","params":{"command":"axl-docs.generateFileDocstrings","arguments":[1]}}
<-- {"id":5,"error":{"code":-32602}}
--> {"jsonrpc":"2.0","id":6,"method":"workspace/executeCommand","params":{"command":"axl-docs.generateFileDocstrings",
     "arguments":[{"uri":"file:///tmp/axl_t/x.py","version":3}]}}
<-- {"id":6,"error":{"code":-32801}}
--> {"jsonrpc":"2.0","id":7,"method":"shutdown"}
<-- {"id":7,"result":null}
--> {"jsonrpc":"2.0","method":"exit"}
exit 0
