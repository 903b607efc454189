#!/usr/bin/env python3
"""One option table, four entry points: the same value given to `annotate --KEY`, to pyproject.toml
[tool.axl-docs], to the LSP settings (initializationOptions) and to POST /v1/docstrings gets the same
verdict. Accepted: the four write the same file. Refused: each says so with the table's one wording
of what is accepted (`axl-docs options --json` "expected").

Usage: options_consistency_e2e.py AXL_DOCS_BINARY
"""
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lsp"))
sys.path.insert(0, os.path.join(HERE, "..", "api"))
from annotate_equivalence import apply_edits  # noqa: E402
from run_transcript import Server as LspServer, frame  # noqa: E402
import server_harness  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
FAILURES = []

# A module docstring already there (the LSP's "document file" adds one, annotate would not) and a
# summary long enough to wrap at the narrowest width.
SOURCE = ('"""Mod."""\n\n\ndef fetch_the_remote_configuration_for_user(user_id: int, name: str = "x")'
          ' -> dict:\n    return {name: user_id}\n')

# (table key, value, accepted?)
CASES = [
    ("style", "numpy", True),
    ("style", "NumPyDoc", True),
    ("style", "reST", True),
    ("style", "GOOGLE", True),
    ("style", "Epytext", True),
    ("style", "markdown", False),
    ("style", "", False),
    ("quote", "single", True),
    ("quote", "'''", True),
    ("quote", "Double", True),
    ("quote", "'", False),
    ("width", 20, True),
    ("width", 1000, True),
    ("width", 19, False),
    ("width", 0, False),
    ("width", 10000, False),
    ("include-types", False, True),
    ("summary-on-new-line", True, True),
]


def check(cond, what, detail=""):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, detail, sep="\n")


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return json.dumps(v)  # a JSON string or integer is a TOML one too


def via_cli(spec, value):
    if isinstance(value, bool):
        args = ["--" + spec["key"]] if value else [spec["cliOff"]]
    else:
        args = ["--" + spec["key"], str(value)]
    r = subprocess.run([BIN, "annotate", "--no-model", "--include-modules", *args, "-"],
                       input=SOURCE.encode(), capture_output=True, timeout=60)
    return r.returncode == 0, r.stdout.decode(), r.stderr.decode()


def via_pyproject(spec, value, tmp):
    with open(os.path.join(tmp, "pyproject.toml"), "w") as f:
        f.write("[tool.axl-docs]\n%s = %s\n" % (spec["key"], toml_value(value)))
    r = subprocess.run([BIN, "annotate", "--no-model", "--include-modules", "-"], cwd=tmp,
                       input=SOURCE.encode(), capture_output=True, timeout=60)
    return r.returncode == 0, r.stdout.decode(), r.stderr.decode()


def via_lsp(spec, value):
    server = LspServer(BIN)
    try:
        def send(obj):
            server.send(frame(json.dumps(obj).encode()))
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "capabilities": {"general": {"positionEncodings": ["utf-8"]},
                             "workspace": {"applyEdit": True}},
            "initializationOptions": {"axl-docs": {spec["editorKey"]: value}}}})
        server.expect({"id": 1}, {})
        uri = "file:///tmp/axl_options_consistency/m.py"
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": SOURCE}}})
        send({"jsonrpc": "2.0", "id": 2, "method": "workspace/executeCommand", "params": {
            "command": "axl-docs.generateFileDocstrings", "arguments": [{"uri": uri}]}})
        captures = {}
        apply = server.expect({"method": "workspace/applyEdit", "id": "$id"}, captures)
        got = apply_edits(SOURCE.encode(), apply["params"]["edit"]["changes"][uri]).decode()
        shown = [m["params"]["message"] for m in server.log
                 if m.get("method") == "window/showMessage" and "must be" in m["params"]["message"]]
        return not shown, got, "\n".join(shown)
    finally:
        server.proc.kill()
        server.proc.wait()


def via_api(http, spec, value):
    status, _, body = http.post("/v1/docstrings", {"code": SOURCE, spec["apiKey"]: value})
    if status == 200:
        return True, body["new_code"], ""
    return False, "", body["error"]["message"] if isinstance(body, dict) else repr(body)


def main():
    table = {o["key"]: o for o in json.loads(subprocess.run(
        [BIN, "options", "--json"], capture_output=True, check=True, timeout=30).stdout)}
    with tempfile.TemporaryDirectory() as tmp:
        model = server_harness.tiny_model(BIN, tmp)
        with server_harness.Server(BIN, model, "--threads", "1", "--docstrings", "heuristic") as http:
            for key, value, accepted in CASES:
                spec = table[key]
                label = "%s = %r" % (key, value)
                answers = {"cli": via_cli(spec, value), "pyproject": via_pyproject(spec, value, tmp),
                           "lsp": via_lsp(spec, value), "api": via_api(http, spec, value)}
                if isinstance(value, str) and value == "":
                    answers.pop("cli")  # an empty word is CLI11's "missing value", not ours
                outputs = set()
                for where, (ok, out, err) in answers.items():
                    check(ok == accepted, "%s via %s: %s" % (label, where,
                                                               "accepted" if ok else "refused"), err)
                    if ok:
                        outputs.add(out)
                    else:
                        check(spec["expected"] in err,
                              "%s via %s: the table's wording %r" % (label, where, spec["expected"]),
                              err)
                check(len(outputs) <= 1, "%s: every entry point writes the same file" % label,
                      "\n----\n".join(sorted(outputs)))
    # The aliases render as their canonical choice.
    style = {k: via_cli(table["style"], k)[1] for k in ("numpy", "NumPyDoc", "sphinx", "reST")}
    check(style["numpy"] == style["NumPyDoc"] and style["sphinx"] == style["reST"]
          and style["numpy"] != style["sphinx"], "aliases render as their canonical style")
    if FAILURES:
        print("%d failure(s)" % len(FAILURES))
        return 1
    print("ok: %d cases x 4 entry points" % len(CASES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
