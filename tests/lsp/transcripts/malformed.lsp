# Bad input never kills the server; each gets the right error and later requests are answered.
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}
<-- {"id":1,"result":"<any>"}
-->raw Content-Length: 9\r\n\r\n{"a": tru
<-- {"id":null,"error":{"code":-32700}}
-->raw Content-Length: 4\r\n\r\n\xff\xfe{}
<-- {"id":null,"error":{"code":-32700}}
-->raw Content-Length: 19\r\n\r\n{"s":"bad \xc3\x28 utf8"}
<-- {"id":null,"error":{"code":-32700}}
-->raw Content-Type: text/plain\r\n\r\n
<-- {"id":null,"error":{"code":-32700}}
-->raw Content-Length: zz\r\n\r\n
<-- {"id":null,"error":{"code":-32700}}
--> [1,2,3]
<-- {"id":null,"error":{"code":-32600}}
--> {"jsonrpc":"2.0","id":{"x":1},"method":"shutdown"}
<-- {"id":null,"error":{"code":-32600}}
--> {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":5}}}
<-- {"id":2,"error":{"code":-32602}}
--> {"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":"nope"}
<-- {"id":3,"error":{"code":-32602}}
--> {"jsonrpc":"2.0","id":4,"method":"textDocument/completion",
     "params":{"textDocument":{"uri":"file:///never/opened.py"},"position":{"line":0,"character":0}}}
<-- {"id":4,"error":{"code":-32602}}
--> {"jsonrpc":"2.0","id":99999999999999999999999,"method":"shutdown"}
<-- {"id":null,"error":{"code":-32600}}
--> {"jsonrpc":"2.0","id":9223372036854775807,"method":"nope/nope"}
<-- {"id":9223372036854775807,"error":{"code":-32601}}
--> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///x.py","version":"one"}}}
--> {"jsonrpc":"2.0","id":5,"method":"shutdown"}
<-- {"id":5,"result":null}
--> {"jsonrpc":"2.0","method":"exit"}
exit 0
