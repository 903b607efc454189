# Lifecycle: errors before initialize, negotiation, shutdown, exit status 0.
--> {"jsonrpc":"2.0","id":1,"method":"textDocument/completion","params":{}}
<-- {"id":1,"error":{"code":-32002}}
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{}}
--> {"jsonrpc":"2.0","id":2,"method":"initialize","params":{"processId":null,"rootUri":null,
     "capabilities":{"general":{"positionEncodings":["utf-16","utf-8"]}}}}
<-- {"id":2,"result":{"capabilities":{"positionEncoding":"utf-8","textDocumentSync":{"change":2,"openClose":true},
     "codeActionProvider":{"resolveProvider":true},"completionProvider":{"triggerCharacters":["\"","'"]}},
     "serverInfo":{"name":"axl-docs"}}}
--> {"jsonrpc":"2.0","method":"initialized","params":{}}
<-- {"method":"window/showMessage","params":{"type":3}}
--> {"jsonrpc":"2.0","id":3,"method":"initialize","params":{"capabilities":{}}}
<-- {"id":3,"error":{"code":-32600}}
--> {"jsonrpc":"2.0","id":4,"method":"textDocument/documentSymbol","params":{}}
<-- {"id":4,"error":{"code":-32601}}
--> {"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"verbose"}}
--> {"jsonrpc":"2.0","method":"$/unknownThing","params":{}}
--> {"jsonrpc":"2.0","id":5,"method":"shutdown"}
<-- {"id":5,"result":null}
--> {"jsonrpc":"2.0","id":6,"method":"textDocument/completion","params":{}}
<-- {"id":6,"error":{"code":-32600}}
--> {"jsonrpc":"2.0","method":"exit"}
exit 0
