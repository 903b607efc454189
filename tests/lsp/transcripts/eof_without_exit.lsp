# The client goes away: the server leaves on its own with status 1.
--> {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}
<-- {"id":1,"result":"<any>"}
exit 1
