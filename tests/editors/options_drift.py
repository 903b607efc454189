#!/usr/bin/env python3
"""The editor packages' setting lists agree with the option table (`axl-docs options --json`):
VS Code's package.json contributes.configuration and src/settings.ts, the Emacs defcustoms, the
Neovim :AxlDocsStyle completion and the settings table of editors/README.md. A new style or option
added to docstring/options_table.cpp fails here until every list carries it.

Usage: options_drift.py AXL_DOCS_BINARY REPO_ROOT
"""
import json
import re
import subprocess
import sys

BIN, ROOT = sys.argv[1], sys.argv[2]
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)


def read(path):
    with open(f"{ROOT}/{path}", encoding="utf-8") as f:
        return f.read()


def kebab(name):
    return re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)


def editor_names(spec):
    return [c["editorName"] for c in spec.get("choices", [])]


def check_vscode_manifest(table):
    props = json.loads(read("editors/vscode/package.json"))["contributes"]["configuration"]["properties"]
    types = {"choice": "string", "integer": "integer", "boolean": "boolean"}
    for spec in table:
        name = "axl-docs." + spec["editorKey"]
        prop = props.get(name)
        check(prop is not None, f"package.json has {name}")
        if prop is None:
            continue
        check(prop.get("type") == types[spec["type"]], f"package.json {name} type")
        check(prop.get("default") == spec["editorDefault"],
              f"package.json {name} default {prop.get('default')!r} == {spec['editorDefault']!r}")
        if spec["type"] == "choice":
            check(prop.get("enum") == editor_names(spec), f"package.json {name} enum")
            check(prop.get("enumDescriptions") == [c["doc"] for c in spec["choices"]],
                  f"package.json {name} enumDescriptions")
        if spec["type"] == "integer":
            check((prop.get("minimum"), prop.get("maximum")) == (spec["minimum"], spec["maximum"]),
                  f"package.json {name} minimum/maximum")


def check_vscode_settings(table):
    ts = read("editors/vscode/src/settings.ts")
    defaults = ts[ts.index("export const DEFAULTS"):]
    defaults = defaults[:defaults.index("};")]
    arrays = {"style": "STYLES", "quote": "QUOTE_STYLES"}
    for spec in table:
        key = spec["editorKey"]
        m = re.search(r"^\s*%s: (.+),$" % key, defaults, re.M)
        check(m and json.loads(m.group(1)) == spec["editorDefault"], f"settings.ts DEFAULTS.{key}")
        if spec["type"] == "choice":
            m = re.search(r"export const %s = (\[.*?\]) as const;" % arrays[spec["key"]], ts)
            check(m and json.loads(m.group(1)) == editor_names(spec), f"settings.ts {arrays[spec['key']]}")
        if spec["type"] == "integer":
            m = re.search(r'take\("%s", \(v\): v is number => isInt\(v, (\d+), (\d+)\)' % key, ts)
            check(m and (int(m.group(1)), int(m.group(2))) == (spec["minimum"], spec["maximum"]),
                  f"settings.ts {key} range")
            check(f"an integer from {spec['minimum']} to {spec['maximum']}" in ts,
                  f"settings.ts {key} message")


def check_emacs(table):
    el = read("editors/emacs/axl-docs.el")
    for spec in table:
        name = "axl-docs-" + kebab(spec["editorKey"])
        m = re.search(r'\(defcustom %s (\S+)\n  "((?:[^"\\]|\\.)*)"\n  :type (.*?)\)\n\n' % name, el, re.S)
        check(m is not None, f"axl-docs.el defcustom {name}")
        if not m:
            continue
        default, doc, type_ = m.groups()
        want = spec["editorDefault"]
        shown = {True: "t", False: "nil"}.get(want, want) if isinstance(want, bool) else want
        check(default == (json.dumps(shown) if isinstance(shown, str) and spec["type"] == "choice"
                          else str(shown)), f"axl-docs.el {name} default {default}")
        if spec["type"] == "choice":
            consts = re.findall(r'\(const (?::tag "(?:[^"\\]|\\.)*" )?"([^"]*)"\)', type_)
            check(consts == editor_names(spec), f"axl-docs.el {name} choices {consts}")
        if spec["type"] == "integer":
            check(f"{spec['minimum']}-{spec['maximum']}" in doc, f"axl-docs.el {name} range in doc")


def check_neovim(table):
    lua = read("editors/neovim/lua/axl_docs/init.lua")
    m = re.search(r'"AxlDocsStyle".*?complete = function\(\) return \{ (.*?) \} end', lua, re.S)
    style = next(s for s in table if s["key"] == "style")
    check(m and re.findall(r'"([^"]+)"', m.group(1)) == editor_names(style),
          "init.lua :AxlDocsStyle completion")


def check_readme(table):
    md = read("editors/README.md")
    for spec in table:
        row = re.search(r"^\| `%s` \|(.*)$" % spec["editorKey"], md, re.M)
        check(row is not None, f"editors/README.md row {spec['editorKey']}")
        if not row:
            continue
        words = editor_names(spec) + [json.dumps(spec["editorDefault"]).strip('"')]
        if spec["type"] == "integer":
            words.append(f"{spec['minimum']}–{spec['maximum']}")
        for w in words:
            check(f"`{w}`" in row.group(1) or w in row.group(1),
                  f"editors/README.md row {spec['editorKey']} names {w}")


def main():
    table = json.loads(subprocess.run([BIN, "options", "--json"], capture_output=True, check=True,
                                      timeout=30).stdout)
    check(len(table) >= 6, "the table lists the render options")
    for f in (check_vscode_manifest, check_vscode_settings, check_emacs, check_neovim, check_readme):
        f(table)
    if FAILURES:
        print(f"{len(FAILURES)} editor setting(s) drifted from the option table")
        return 1
    print(f"ok: {len(table)} options agree in VS Code, Emacs, Neovim and editors/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
