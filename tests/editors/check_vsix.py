#!/usr/bin/env python3
"""Checks the packaged VS Code extension: check_vsix.py editors/vscode/axl-docs.vsix

The .vsix holds exactly the manifest (same version and settings as the source package.json),
the README and the bundle; the bundle loads in plain node with only `vscode` stubbed (so every
other module was bundled) and exports activate/deactivate. VS Code itself is not available here.
Exit 77 (skipped) when the .vsix was not built (scripts/setup builds it).
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

vsix = pathlib.Path(sys.argv[1])
if not vsix.exists():
    print(f"SKIP: {vsix} not built (scripts/setup builds it)")
    sys.exit(77)

with zipfile.ZipFile(vsix) as z:
    names = set(z.namelist())
    files = {n for n in names if n.startswith("extension/")}
    expected = {"extension/package.json", "extension/out/extension.js"}
    readme = {n for n in files if n.lower() == "extension/readme.md"}
    extra = files - expected - readme
    if not expected <= files or not readme or extra:
        sys.exit(f"FAIL: unexpected .vsix contents: {sorted(names)}")
    packaged = json.loads(z.read("extension/package.json"))
    bundle = z.read("extension/out/extension.js")

source = json.loads((vsix.parent / "package.json").read_text())
for key in ("version", "main", "activationEvents", "contributes"):
    if packaged.get(key) != source.get(key):
        sys.exit(f"FAIL: the .vsix is stale: package.json '{key}' differs from the source (rerun scripts/setup)")

with tempfile.TemporaryDirectory() as tmp:
    root = pathlib.Path(tmp)
    (root / "extension.js").write_bytes(bundle)
    stub = root / "node_modules" / "vscode"
    stub.mkdir(parents=True)
    # Any property is another stub class: enough for module-level `extends vscode.X`.
    (stub / "index.js").write_text(
        "const stub = () => new Proxy(class {}, { get: (t, k) => (k === 'prototype' ? t.prototype"
        " : k === '__esModule' ? false : stub()) });\nmodule.exports = stub();\n")
    probe = ("const m = require('./extension.js');"
             "if (typeof m.activate !== 'function' || typeof m.deactivate !== 'function')"
             " { console.error('activate/deactivate not exported'); process.exit(1); }")
    r = subprocess.run(["node", "-e", probe], cwd=root, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        sys.exit(f"FAIL: the bundle does not load outside VS Code:\n{r.stderr[-3000:]}")

print(f"ok: {vsix} ({vsix.stat().st_size} bytes): manifest current, bundle self-contained")
