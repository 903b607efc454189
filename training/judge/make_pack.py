#!/usr/bin/env python3
"""Build a blind-judging pack from `axl-docs eval --dump` output.

Usage: make_pack.py DUMP.jsonl OUT_DIR [--items 60] [--params 30] [--seed 1]

Picks functions deterministically (ordered by a hash of path + qualified name, the first N with a
real summary), shows each as the tool sees it (decorators, signature and the first ~30 lines of the
body read from the installed source file, docstring removed) with three one-line candidates: the
real text, the tool's default output and the heuristic's, shuffled per item with a fixed seed and
labelled A/B/C. Writes OUT_DIR/pack.md (for the judge) and OUT_DIR/key.json (never for the judge).
Parameters: the same for --params parameter descriptions (in OUT_DIR/params-pack.md, params-key.json).
The protocol and the verdict definitions: training/judge/README.md.
"""
import argparse
import ast
import hashlib
import json
import os
import random
import sys

WRITERS = ("real", "default", "heuristic")
# --with-model adds the model's raw answer (what it would write with the gate open) as a fourth.
MODEL = "model"


def stable_hash(text):
    return hashlib.sha256(text.encode()).hexdigest()


def source_of(row, max_body_lines=30):
    """The definition from the installed file (docstring removed), else the model's code window."""
    path = row["path"]
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        tree = ast.parse(text)
    except (OSError, SyntaxError, ValueError):
        return row["code"]
    want = row["qualified_name"].split(".")
    lines = text.splitlines()

    def find(body, names):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and \
                    node.name == names[0]:
                return node if len(names) == 1 else find(node.body, names[1:])
        return None

    node = find(tree.body, want)
    if node is None:
        return row["code"]
    start = min([d.lineno for d in node.decorator_list] + [node.lineno]) - 1
    body = node.body
    skip = set()
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None),
                                                             ast.Constant) \
            and isinstance(body[0].value.value, str):
        skip = set(range(body[0].lineno - 1, body[0].end_lineno))
    header_end = body[0].lineno - 1
    out = [lines[i] for i in range(start, header_end) if i not in skip]
    body_lines = [lines[i] for i in range(header_end, node.end_lineno) if i not in skip]
    out += body_lines[:max_body_lines]
    if len(body_lines) > max_body_lines:
        out.append("    # ... (%d more lines)" % (len(body_lines) - max_body_lines))
    return "\n".join(out)


def build(rows, task, count, seed, out_dir, prefix, writers=WRITERS):
    items = []
    for row in rows:
        for field in row["fields"]:
            if field["task"] != task or not field["reference"].strip():
                continue
            key = row["path"] + ":" + row["qualified_name"] + ":" + field.get("param", "")
            items.append((stable_hash(key), row, field))
    items.sort(key=lambda t: t[0])
    items = items[:count]
    rng = random.Random(seed)
    pack, key = [], {}
    for n, (_, row, field) in enumerate(items):
        ident = "%s%03d" % (prefix, n)
        texts = {"real": field["reference"], "default": field["default"],
                 "heuristic": field["heuristic"], MODEL: field.get("model", "")}
        order = list(writers)
        rng.shuffle(order)
        labels = dict(zip("ABCD", order))
        key[ident] = {"labels": labels, "name": row["qualified_name"], "path": row["path"],
                      "param": field.get("param", ""), "written_by_model": field["written"]}
        what = "parameter `%s` of " % field["param"] if task == "param" else ""
        pack.append("## %s — %s`%s`\n\n```python\n%s\n```\n\n%s\n" % (
            ident, what, row["qualified_name"], source_of(row),
            "\n".join("- **%s**: %s" % (lab, texts[w]) for lab, w in labels.items())))
    name = "pack.md" if task == "summary" else "params-pack.md"
    keyname = "key.json" if task == "summary" else "params-key.json"
    what = "one-line summary" if task == "summary" else "description of the named parameter"
    head = ("# Blind judging pack (%d items)\n\nEach item shows a Python definition and %d "
            "candidate texts (%s) for its %s. Judge each candidate independently: exactly one "
            "of correct / vague / wrong / garbled (definitions in the instructions you were "
            "given).\n\n" % (len(pack), len(writers), ", ".join("ABCD"[:len(writers)]), what))
    with open(os.path.join(out_dir, name), "w") as f:
        f.write(head + "\n".join(pack))
    with open(os.path.join(out_dir, keyname), "w") as f:
        json.dump(key, f, indent=1)
    return len(pack)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dump")
    ap.add_argument("out_dir")
    ap.add_argument("--items", type=int, default=60)
    ap.add_argument("--params", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--with-model", action="store_true",
                    help="also judge the model's raw answer (gate ignored) as a fourth candidate")
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    with open(a.dump) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    writers = WRITERS + ((MODEL,) if a.with_model else ())
    n = build(rows, "summary", a.items, a.seed, a.out_dir, "f", writers)
    m = build(rows, "param", a.params, a.seed, a.out_dir, "p", writers) if a.params else 0
    print("make_pack: %d summary items, %d parameter items in %s" % (n, m, a.out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
