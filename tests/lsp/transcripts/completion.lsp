# Typing """ as the first statement of a def offers the whole docstring (autoDocstring's gesture);
# the quote style typed wins, auto-closed quotes are replaced, elsewhere there is no item.
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"textDocument":{"completion":{
     "completionItem":{"insertTextModeSupport":{"valueSet":[1,2]}}}}}}}
<-- {"id":1,"result":{"capabilities":{"completionProvider":{"triggerCharacters":["\"","'"]}}}}
--> {"jsonrpc":"2.0","method":"initialized","params":{}}
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/axl_t/c.py","languageId":"python","version":1,
     "text":"class Stack:\n    def push(self, item):\n        \n        self.items.append(item)\n"}}}
--> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/axl_t/c.py","version":2},
     "contentChanges":[{"range":{"start":{"line":2,"character":8},"end":{"line":2,"character":8}},"text":"\"\"\"\"\"\""}]}}
--> {"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///tmp/axl_t/c.py"},
     "position":{"line":2,"character":11},"context":{"triggerKind":2,"triggerCharacter":"\""}}}
<-- {"id":2,"result":{"isIncomplete":false,"items":[{"label":"\"\"\" docstring","kind":15,"insertTextFormat":1,"insertTextMode":1,
     "filterText":"\"\"\"",
     "textEdit":{"range":{"start":{"line":2,"character":8},"end":{"line":2,"character":14}},
                 "newText":"\"\"\"Push.\n\n        Args:\n            item: The item.\n        \"\"\""}}]}}
# Single quotes typed: the docstring uses them.
--> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/axl_t/c.py","version":3},
     "contentChanges":[{"range":{"start":{"line":2,"character":8},"end":{"line":2,"character":14}},"text":"'''"}]}}
--> {"jsonrpc":"2.0","id":3,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///tmp/axl_t/c.py"},
     "position":{"line":2,"character":11}}}
<-- {"id":3,"result":{"items":[{"textEdit":{"range":{"start":{"line":2,"character":8},"end":{"line":2,"character":11}},
     "newText":"'''Push.\n\n        Args:\n            item: The item.\n        '''"}}]}}
# Not the first statement of a body: nothing.
--> {"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///tmp/axl_t/c.py","version":4},
     "contentChanges":[{"text":"x = 1\n\"\"\"\n"}]}}
--> {"jsonrpc":"2.0","id":4,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///tmp/axl_t/c.py"},
     "position":{"line":1,"character":3}}}
<-- {"id":4,"result":[]}
# At the top of a module: the module docstring.
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/axl_t/tools.py","languageId":"python","version":1,
     "text":"\"\"\"\nimport os\n"}}}
--> {"jsonrpc":"2.0","id":6,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///tmp/axl_t/tools.py"},"position":{"line":0,"character":3}}}
<-- {"id":6,"result":{"items":[{"textEdit":{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":3}},"newText":"\"\"\"Tools.\"\"\""}}]}}
--> {"jsonrpc":"2.0","id":5,"method":"shutdown"}
<-- {"id":5,"result":null}
--> {"jsonrpc":"2.0","method":"exit"}
exit 0
