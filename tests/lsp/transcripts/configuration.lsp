# Settings: initializationOptions, then a didChangeConfiguration push, then the pull model.
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"workspace":{"configuration":true},
     "textDocument":{"codeAction":{"codeActionLiteralSupport":{},"resolveSupport":{"properties":["edit"]}}}},
     "initializationOptions":{"style":"numpy","diagnostics":{"severity":"warning"},"wrap":"not a number"}}}
<-- {"id":1,"result":"<any>"}
<-- {"method":"window/showMessage","params":{"type":2,"message":"axl-docs: setting 'wrap' must be an integer from 20 to 1000; ignored"}}
--> {"jsonrpc":"2.0","method":"initialized","params":{}}
<-- {"id":"$pull","method":"workspace/configuration","params":{"items":[{"section":"axl-docs"}]}}
--> {"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/axl_t/cfg.py","languageId":"python","version":1,
     "text":"\"\"\"Doc.\"\"\"\n\n\ndef scale(v: float) -> float:\n    return v * 2\n"}}}
<-- {"method":"textDocument/publishDiagnostics","params":{"diagnostics":[{"code":"D103","severity":2}]}}
--> {"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///tmp/axl_t/cfg.py"},
     "range":{"start":{"line":3,"character":0},"end":{"line":3,"character":0}},"context":{"diagnostics":[]}}}
<-- {"id":2,"result":[{"data":"$action"},{"kind":"source"}]}
--> {"jsonrpc":"2.0","id":3,"method":"codeAction/resolve","params":{"title":"t","data":"$action"}}
<-- {"id":3,"result":{"edit":{"changes":{"file:///tmp/axl_t/cfg.py":[{
     "newText":"    \"\"\"Scale.\n\n    Parameters\n    ----------\n    v : float\n        The v.\n\n    Returns\n    -------\n    float\n        The resulting number.\n    \"\"\"\n"}]}}}}
# The pulled configuration answers now: severity hint (4), style sphinx.
--> {"jsonrpc":"2.0","id":"$pull","result":[{"style":"sphinx","diagnostics":{"severity":"hint"}}]}
<-- {"method":"textDocument/publishDiagnostics","params":{"diagnostics":[{"code":"D103","severity":4}]}}
--> {"jsonrpc":"2.0","id":4,"method":"codeAction/resolve","params":{"title":"t","data":"$action"}}
<-- {"id":4,"result":{"edit":{"changes":{"file:///tmp/axl_t/cfg.py":[{
     "newText":"    \"\"\"Scale.\n\n    :param v: The v.\n    :type v: float\n    :returns: The resulting number.\n    :rtype: float\n    \"\"\"\n"}]}}}}
# A push with our section applies directly; "off" clears the diagnostics.
--> {"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"axl-docs":{"diagnostics":{"severity":"off"}}}}}
<-- {"method":"textDocument/publishDiagnostics","params":{"diagnostics":[]}}
# A push without it makes the server pull again. The answer replaces the earlier push (it is the
# client's whole configuration) but merges over initializationOptions: severity is "warning" again.
--> {"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":null}}
<-- {"id":"$pull2","method":"workspace/configuration"}
--> {"jsonrpc":"2.0","id":"$pull2","result":[{"style":"google"}]}
<-- {"method":"textDocument/publishDiagnostics","params":{"diagnostics":[{"code":"D103","severity":2}]}}
# An empty answer keeps initializationOptions too (style numpy again).
--> {"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{}}}
<-- {"id":"$pull3","method":"workspace/configuration"}
--> {"jsonrpc":"2.0","id":"$pull3","result":[{}]}
<-- {"method":"textDocument/publishDiagnostics","params":{"diagnostics":[{"code":"D103","severity":2}]}}
--> {"jsonrpc":"2.0","id":6,"method":"codeAction/resolve","params":{"title":"t","data":"$action"}}
<-- {"id":6,"result":{"edit":{"changes":{"file:///tmp/axl_t/cfg.py":[{
     "newText":"    \"\"\"Scale.\n\n    Parameters\n    ----------\n    v : float\n        The v.\n\n    Returns\n    -------\n    float\n        The resulting number.\n    \"\"\"\n"}]}}}}
--> {"jsonrpc":"2.0","id":5,"method":"shutdown"}
<-- {"id":5,"result":null}
--> {"jsonrpc":"2.0","method":"exit"}
exit 0
