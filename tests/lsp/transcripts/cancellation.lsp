# $/cancelRequest: whichever wins the race (the answer or the cancel), exactly one reply goes out;
# cancelling unknown or finished requests changes nothing. (The deterministic -32800 case with
# work that only stops when cancelled is in server_test.cpp.)
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{
     "textDocument":{"codeAction":{"codeActionLiteralSupport":{},"resolveSupport":{"properties":["edit"]}}}}}}
<-- {"id":1,"result":"<any>"}
--> {"jsonrpc":"2.0","method":"initialized","params":{}}
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/axl_t/k.py","languageId":"python","version":1,
     "text":"def f(a):\n    return a\n"}}}
--> {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/axl_t/k.py"},
     "range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"context":{"diagnostics":[]}}}
<-- {"id":2,"result":[{"data":"$action"},{"kind":"source"}]}
--> {"jsonrpc":"2.0","id":3,"method":"codeAction/resolve","params":{"title":"t","data":"$action"}}
--> {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}
<-- {"id":3}
<!- {"id":3}
--> {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}
--> {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"never-sent"}}
--> {"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":{"bad":1}}}
<!- {"id":3}
--> {"jsonrpc":"2.0","id":"s","method":"shutdown"}
<-- {"id":"s","result":null}
--> {"jsonrpc":"2.0","method":"exit"}
exit 0
