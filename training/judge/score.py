#!/usr/bin/env python3
"""Unshuffle blind verdicts with the key and count them per writer.

Usage: score.py KEY.json VERDICTS.json [VERDICTS2.json]

VERDICTS: {"f000": {"A": "correct", "B": "vague", "C": "wrong"}, ...} (training/judge/README.md).
With two judges, prints both tables and how many verdicts they agree on. Exits 2 on a verdict file
that does not cover the key or uses another word.
"""
import json
import sys

VERDICTS = ("correct", "vague", "wrong", "garbled")
WRITERS = ("real", "default", "heuristic", "model")  # "model": make_pack.py --with-model


def writers_in(key):
    used = {w for entry in key.values() for w in entry["labels"].values()}
    return [w for w in WRITERS if w in used]


def count(key, verdicts):
    table = {w: dict.fromkeys(VERDICTS, 0) for w in writers_in(key)}
    model_written = dict.fromkeys(VERDICTS, 0)
    for ident, entry in key.items():
        got = verdicts.get(ident)
        if not isinstance(got, dict) or set(got) != set(entry["labels"]):
            raise ValueError("no verdicts for %s (labels %s)" % (ident, sorted(entry["labels"])))
        for label, writer in entry["labels"].items():
            if writer not in table:
                raise ValueError("%s %s: unknown writer %r in the key" % (ident, label, writer))
            v = str(got[label]).strip().lower()
            if v not in VERDICTS:
                raise ValueError("%s %s: verdict %r is not one of %s" % (ident, label, v, VERDICTS))
            table[writer][v] += 1
            if writer == "default" and entry.get("written_by_model"):
                model_written[v] += 1
    return table, model_written


def show(table, model_written, n):
    print("%-10s %8s %8s %8s %8s" % (("writer",) + VERDICTS))
    for w in table:
        print("%-10s %8d %8d %8d %8d" % ((w,) + tuple(table[w][v] for v in VERDICTS)))
    d = table["default"]
    bad = d["wrong"] + d["garbled"]
    print("default: correct %.0f%%, wrong or garbled %.0f%% of %d" % (
        100.0 * d["correct"] / n, 100.0 * bad / n, n))
    print("where the model wrote the default (%d items): %s" % (
        sum(model_written.values()), ", ".join("%s %d" % kv for kv in model_written.items())))


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    key = json.load(open(sys.argv[1]))
    tables = []
    try:
        for path in sys.argv[2:]:
            verdicts = json.load(open(path))
            tables.append((path, verdicts) + count(key, verdicts))
    except (ValueError, OSError) as e:
        print("score: error: %s" % e, file=sys.stderr)
        return 2
    for path, _, table, written in tables:
        print("== %s" % path)
        show(table, written, len(key))
    if len(tables) == 2:
        a, b = tables[0][1], tables[1][1]
        same = sum(1 for i in key for lab in key[i]["labels"]
                   if str(a[i][lab]).lower() == str(b[i][lab]).lower())
        print("agreement: %d of %d verdicts" % (same, sum(len(e["labels"]) for e in key.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
