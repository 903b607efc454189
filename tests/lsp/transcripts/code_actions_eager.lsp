# A client without codeAction/resolve (and without documentChanges) gets the edit in the list.
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{
     "textDocument":{"codeAction":{"codeActionLiteralSupport":{"codeActionKind":{"valueSet":["quickfix"]}}}}}}}
<-- {"id":1,"result":"<any>"}
--> {"jsonrpc":"2.0","method":"initialized","params":{}}
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/axl_t/e.py","languageId":"python","version":7,
     "text":"def is_valid(x):\n    return x > 0\n"}}}
<-- {"method":"textDocument/publishDiagnostics","params":{"diagnostics":[{"code":"D100"},{"code":"D103","data":"$data"}]}}
--> {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/axl_t/e.py"},
     "range":{"start":{"line":0,"character":5},"end":{"line":0,"character":5}},
     "context":{"diagnostics":[{"code":"D103","source":"axl-docs","message":"m","data":"$data",
       "range":{"start":{"line":0,"character":4},"end":{"line":0,"character":12}}}]}}}
<-- {"id":2,"result":[
     {"title":"Generate docstring for `is_valid`","kind":"quickfix","edit":{"changes":{"file:///tmp/axl_t/e.py":[
       {"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":0}},
        "newText":"    \"\"\"Return True if `x` is greater than 0.\n\n    Args:\n        x: The x.\n\n    Returns:\n        True if `x` is greater than 0, False otherwise.\n    \"\"\"\n"}]}}},
     {"kind":"source"}]}
# Pre-3.8 clients (no codeActionLiteralSupport) would get Command[]; this one has literals.
--> {"jsonrpc":"2.0","id":3,"method":"shutdown"}
<-- {"id":3,"result":null}
--> {"jsonrpc":"2.0","method":"exit"}
exit 0
