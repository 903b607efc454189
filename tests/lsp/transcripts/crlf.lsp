# A CRLF document: generated text uses CRLF, ranges end before "\r", incremental edits keep CRLF.
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{
     "textDocument":{"codeAction":{"codeActionLiteralSupport":{},"resolveSupport":{"properties":["edit"]}}}}}}
<-- {"id":1,"result":"<any>"}
--> {"jsonrpc":"2.0","method":"initialized","params":{}}
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/axl_t/crlf.py","languageId":"python","version":1,
     "text":"\"\"\"Doc.\"\"\"\r\n\r\n\r\ndef add(a, b):\r\n    return a + b\r\n"}}}
<-- {"method":"textDocument/publishDiagnostics","params":{"diagnostics":[{"code":"D103","range":{"start":{"line":3,"character":4},"end":{"line":3,"character":7}}}]}}
--> {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/axl_t/crlf.py"},
     "range":{"start":{"line":3,"character":0},"end":{"line":3,"character":0}},"context":{"diagnostics":[]}}}
<-- {"id":2,"result":[{"data":"$action"},{"kind":"source"}]}
--> {"jsonrpc":"2.0","id":3,"method":"codeAction/resolve","params":{"title":"t","data":"$action"}}
<-- {"id":3,"result":{"edit":{"changes":{"file:///tmp/axl_t/crlf.py":[{"range":{"start":{"line":4,"character":0},"end":{"line":4,"character":0}},
     "newText":"    \"\"\"Add.\r\n\r\n    Args:\r\n        a: The a.\r\n        b: The b.\r\n\r\n    Returns:\r\n        object\r\n    \"\"\"\r\n"}]}}}}
# Typing """ on a new CRLF line under the def: the replaced range stops before "\r".
--> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/axl_t/crlf.py","version":2},
     "contentChanges":[{"range":{"start":{"line":3,"character":99},"end":{"line":3,"character":99}},"text":"\r\n    \"\"\""}]}}
--> {"jsonrpc":"2.0","id":4,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///tmp/axl_t/crlf.py"},"position":{"line":4,"character":7}}}
<-- {"id":4,"result":{"items":[{"textEdit":{"range":{"start":{"line":4,"character":4},"end":{"line":4,"character":7}},
     "newText":"\"\"\"Add.\r\n\r\n    Args:\r\n        a: The a.\r\n        b: The b.\r\n\r\n    Returns:\r\n        object\r\n    \"\"\""}}]}}
--> {"jsonrpc":"2.0","id":5,"method":"shutdown"}
<-- {"id":5,"result":null}
--> {"jsonrpc":"2.0","method":"exit"}
exit 0
