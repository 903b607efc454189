#!/usr/bin/env python3
"""The model-backed prose in every subcommand, end to end with random-weight models (stdlib only).

annotate --model/--no-model and the fallback when the model is missing or invalid, the default
model path, `lsp --model`, `serve --docstrings`. A random model's text fails the guards, so the
output must equal the heuristic's and stay valid Python with exactly the signatures' parameters.

Usage: model_provider_e2e.py AXL_DOCS_BINARY REPO_ROOT
"""
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
BIN, REPO = os.path.abspath(sys.argv[1]), sys.argv[2]
sys.path.insert(0, os.path.join(REPO, "tests", "lsp"))
sys.path.insert(0, os.path.join(REPO, "tests", "api"))
from annotate_equivalence import apply_edits  # noqa: E402
from run_transcript import Server as LspServer, frame  # noqa: E402
from server_harness import Server as HttpServer, check  # noqa: E402

EXAMPLE = os.path.join(REPO, "examples", "inventory.py")


def run(*args, stdin=None, cwd=None):
    return subprocess.run([BIN, *args], input=stdin, capture_output=True, cwd=cwd, timeout=300)


def annotate_copy(tmp, name, *args, cwd=None):
    path = os.path.join(tmp, name)
    shutil.copyfile(EXAMPLE, path)
    r = run("annotate", *args, path, cwd=cwd)
    with open(path, encoding="utf-8") as f:
        return r, f.read()


def documented_exactly(source):
    """Every function has a docstring naming exactly its parameters (self/cls aside)."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        doc = ast.get_docstring(node) or ""
        check(doc, f"{node.name} has no docstring")
        a = node.args
        names = [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs]
        names += [p.arg for p in (a.vararg, a.kwarg) if p]
        names = [n for n in names if n not in ("self", "cls")]
        args = doc.split("Args:\n", 1)[1].split("\n\n")[0] if "Args:\n" in doc else ""
        listed = [line.split(":")[0].split(" (")[0].strip().lstrip("*")
                  for line in args.split("\n") if line.startswith("    ") and
                  not line.startswith("     ")]
        if node.name != "__init__":
            check(listed == names, f"{node.name}: documents {listed}, signature has {names}")


def test_annotate(tmp, model):
    ref_r, reference = annotate_copy(tmp, "ref.py", "--no-model")
    check(ref_r.returncode == 0 and ref_r.stderr.decode().count("note:") == 0,
          f"--no-model: {ref_r}")
    documented_exactly(reference)

    r, out = annotate_copy(tmp, "model.py", "--model", model)
    check(r.returncode == 0, f"--model: exit {r.returncode}: {r.stderr.decode()}")
    check("note:" not in r.stderr.decode(), f"--model loaded: {r.stderr.decode()}")
    documented_exactly(out)  # parses, every parameter documented, none invented
    check(out == reference, "a random model's text must be rejected everywhere:\n" + out)

    # stdin, --diff and --check with the model
    src = open(EXAMPLE, "rb").read()
    r = run("annotate", "--model", model, "-", stdin=src)
    check(r.returncode == 0 and r.stdout.decode() == reference, f"stdin: {r.stderr.decode()}")
    r = run("annotate", "--model", model, "--diff", EXAMPLE)
    check(r.returncode == 1 and r.stdout.startswith(b"---"), f"--diff: {r}")

    # A missing model: one note, the heuristic's text, the usual exit status.
    missing = os.path.join(tmp, "absent.gguf")
    r, out = annotate_copy(tmp, "missing.py", "--model", missing)
    err = r.stderr.decode()
    check(r.returncode == 0, f"missing model: exit {r.returncode}")
    check(f"axl-docs: note: model file not found: {missing}; docstring prose comes from the name "
          "heuristic\n" in err, f"missing model note: {err!r}")
    check(err.count("note:") == 1, f"one note only: {err!r}")
    check(out == reference, "missing model: heuristic text")
    r = run("annotate", "--check", "--model", missing, EXAMPLE)
    check(r.returncode == 1 and "note:" not in r.stderr.decode(), "--check needs no model")

    # An invalid model file: the loader's reason, same fallback.
    bad = os.path.join(tmp, "bad.gguf")
    with open(bad, "wb") as f:
        f.write(b"GGUF\x03\x00\x00\x00" + b"\x00" * 40)
    r, out = annotate_copy(tmp, "bad.py", "--model", bad)
    check(r.returncode == 0 and f"note: cannot use model {bad}: " in r.stderr.decode(),
          f"invalid model: {r.returncode} {r.stderr.decode()!r}")
    check(out == reference, "invalid model: heuristic text")

    r = run("annotate", "--model", model, "--no-model", EXAMPLE)
    check(r.returncode == 2 and b"--model and --no-model exclude each other" in r.stderr,
          f"--model with --no-model: {r}")

    # The default model: models/axl-docs-lion.gguf under the working directory comes first.
    work = os.path.join(tmp, "project")
    os.makedirs(os.path.join(work, "models"))
    shutil.copyfile(bad, os.path.join(work, "models", "axl-docs-lion.gguf"))
    r, out = annotate_copy(work, "default.py", cwd=work)
    check(r.returncode == 0 and
          "note: cannot use model models/axl-docs-lion.gguf: " in r.stderr.decode(),
          f"default model path: {r.stderr.decode()!r}")
    shutil.copyfile(model, os.path.join(work, "models", "axl-docs-lion.gguf"))
    r, out = annotate_copy(work, "default.py", cwd=work)
    check(r.returncode == 0 and "note:" not in r.stderr.decode(), f"default: {r.stderr.decode()}")
    check(out == reference, "default random model: heuristic text")


def lsp_generate_file(args, settings=None):
    """(notices, new text) from "Generate all missing docstrings in file" on the example."""
    server = LspServer(BIN, args)
    text = open(EXAMPLE, encoding="utf-8").read()
    try:
        def send(obj):
            server.send(frame(json.dumps(obj).encode()))
        init = {"capabilities": {"general": {"positionEncodings": ["utf-8"]},
                                 "workspace": {"applyEdit": True}}}
        if settings is not None:
            init["initializationOptions"] = settings
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": init})
        server.expect({"id": 1, "result": {}}, {})
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        uri = "file:///tmp/axl_provider_e2e/inventory.py"
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "python", "version": 1, "text": text}}})
        send({"jsonrpc": "2.0", "id": 2, "method": "workspace/executeCommand", "params": {
            "command": "axl-docs.generateFileDocstrings", "arguments": [{"uri": uri}]}})
        captures = {}
        apply = server.expect({"method": "workspace/applyEdit", "id": "$id"}, captures)
        send({"jsonrpc": "2.0", "id": apply["id"], "result": {"applied": True}})
        server.expect({"id": 2}, {})
        changes = apply["params"]["edit"]
        edits = changes["changes"][uri] if "changes" in changes else \
            changes["documentChanges"][0]["edits"]
        new = apply_edits(text.encode(), edits).decode()
        notices = [m["params"]["message"] for m in server.log
                   if m.get("method") == "window/showMessage"]
        send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
        server.expect({"id": 3}, {})
        send({"jsonrpc": "2.0", "method": "exit"})
        server.proc.wait(timeout=15)
        server.stderr.seek(0)
        return notices, new, server.stderr.read().decode(errors="replace")
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
        server.proc.wait()


def test_lsp(tmp, model):
    _, reference = annotate_copy(tmp, "lsp_ref.py", "--no-model")
    notices, new, err = lsp_generate_file(("--model", model))
    check(not any("no model loaded" in n for n in notices), f"model loaded: {notices}")
    check(new == reference, "lsp --model (random): heuristic text\n" + new)
    documented_exactly(new)

    missing = os.path.join(tmp, "absent.gguf")
    notices, new, err = lsp_generate_file(("--model", missing))
    check(any("no model loaded" in n for n in notices), f"missing model notice: {notices}")
    check(f"model file not found: {missing}" in err, f"missing model on stderr: {err!r}")
    check(new == reference, "lsp: missing model: heuristic text")

    # A modelPath setting that names an unusable file: heuristic, reason on stderr once.
    notices, new, err = lsp_generate_file(("--model", model), {"modelPath": missing,
                                                               "maxTokens": 20})
    check(err.count(f"modelPath: model file not found: {missing}") == 1, f"setting: {err!r}")
    check(new == reference, "lsp: modelPath setting: heuristic text")


def test_serve(tmp, model):
    code = "def fetch(url: str, retries: int = 3) -> bytes:\n    return b''\n"
    for args, provider in ((), "axl-model"), (("--docstrings", "heuristic"), "heuristic"):
        with HttpServer(BIN, model, "--threads", "1", *args) as s:
            st, _, body = s.post("/v1/docstrings", {"code": code, "line": 1})
            check(st == 200 and body["provider"] == provider, f"serve {args}: {st} {body}")
            doc = body["docstrings"][0]["docstring"]
            check("url (str): The URL." in doc and "retries (int): The retries." in doc, f"docstring: {doc}")
            compile(body["new_code"], "<new_code>", "exec")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "random.gguf")
        r = run("init", "--seed", "5", "--out", model)  # the full-size architecture, f16
        check(r.returncode == 0, f"init: {r.stderr.decode()}")
        for test in (test_annotate, test_lsp, test_serve):
            test(tmp, model)
            print(f"ok {test.__name__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
