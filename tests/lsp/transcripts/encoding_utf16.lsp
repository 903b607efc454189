# Positions in utf-16: an astral character (😀: 4 bytes, 2 utf-16 units, 1 code point) and
# non-ASCII identifiers (é: 2 bytes, 1 unit) before the positions used.
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-16"]},
     "textDocument":{"codeAction":{"codeActionLiteralSupport":{},"resolveSupport":{"properties":["edit"]}}}}}}
<-- {"id":1,"result":{"capabilities":{"positionEncoding":"utf-16"}}}
--> {"jsonrpc":"2.0","method":"initialized","params":{}}
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/axl_t/enc.py","languageId":"python","version":1,
     "text":"\"\"\"Doc.\"\"\"\ns = \"😀\"\n"}}}
<-- {"method":"textDocument/publishDiagnostics","params":{"diagnostics":[]}}
# Append a function at the end of line 1 (its end is column 8 in utf-16).
--> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/axl_t/enc.py","version":2},
     "contentChanges":[{"range":{"start":{"line":1,"character":8},"end":{"line":1,"character":8}},
                        "text":"\ndef gé(x):  # é😀\n    return x"}]}}
<-- {"method":"textDocument/publishDiagnostics","params":{"diagnostics":[
     {"code":"D103","range":{"start":{"line":2,"character":4},"end":{"line":2,"character":6}},"data":"$data"}]}}
--> {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/axl_t/enc.py"},
     "range":{"start":{"line":2,"character":12},"end":{"line":2,"character":12}},"context":{"diagnostics":[]}}}
<-- {"id":2,"result":[{"title":"Generate docstring for `gé`","data":"$action"},{"kind":"source"}]}
--> {"jsonrpc":"2.0","id":3,"method":"codeAction/resolve","params":{"title":"t","data":"$action"}}
<-- {"id":3,"result":{"edit":{"changes":{"file:///tmp/axl_t/enc.py":[{"range":{"start":{"line":3,"character":0},"end":{"line":3,"character":0}}}]}}}}
--> {"jsonrpc":"2.0","id":4,"method":"shutdown"}
<-- {"id":4,"result":null}
--> {"jsonrpc":"2.0","method":"exit"}
exit 0
