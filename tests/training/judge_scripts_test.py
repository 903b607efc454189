#!/usr/bin/env python3
"""training/judge/: make_pack.py builds a blind pack whose key unshuffles; score.py counts per writer,
including the raw model (--with-model), and refuses incomplete or unknown verdicts (exit 2)."""
import json
import os
import subprocess
import sys
import tempfile

ROOT = sys.argv[1]
JUDGE = os.path.join(ROOT, "training", "judge")


def row(name, ref, default, heur, model, written):
    return {"code": "def %s(x):\n    return x" % name, "kind": 3, "package": "p",
            "path": "/nonexistent/%s.py" % name, "qualified_name": name,
            "fields": [{"task": "summary", "param": "", "reference": ref, "default": default,
                        "heuristic": heur, "model": model, "written": written, "grounded": 1.0,
                        "guards_ok": True, "mean_logprob": -0.3}]}


def run(*args):
    return subprocess.run([sys.executable] + list(args), capture_output=True, text=True)


with tempfile.TemporaryDirectory() as tmp:
    dump = os.path.join(tmp, "dump.jsonl")
    with open(dump, "w") as f:
        for i in range(5):
            f.write(json.dumps(row("f%d" % i, "Real %d." % i, "Default %d." % i, "Heur %d." % i,
                                   "Model %d." % i, i == 0)) + "\n")
    out = os.path.join(tmp, "pack")
    r = run(os.path.join(JUDGE, "make_pack.py"), dump, out, "--items", "5", "--params", "0",
            "--with-model")
    assert r.returncode == 0, r.stderr
    pack = open(os.path.join(out, "pack.md")).read()
    key = json.load(open(os.path.join(out, "key.json")))
    assert len(key) == 5, key
    for ident, entry in key.items():
        assert sorted(entry["labels"]) == ["A", "B", "C", "D"], entry
        assert sorted(entry["labels"].values()) == ["default", "heuristic", "model", "real"]
    assert "Model 3." in pack and "Heur 3." in pack, pack
    # The key's labels must map each text back to its writer.
    texts = {"real": "Real", "default": "Default", "heuristic": "Heur", "model": "Model"}
    for ident, entry in key.items():
        block = pack.split("## " + ident)[1].split("## ")[0]
        for label, writer in entry["labels"].items():
            assert ("- **%s**: %s" % (label, texts[writer])) in block, (ident, label, writer)
    # Verdicts: the real one correct, the model wrong, the rest vague.
    verdict = {w: v for w, v in (("real", "correct"), ("model", "wrong"), ("default", "vague"),
                                  ("heuristic", "vague"))}
    verdicts = {i: {lab: verdict[w] for lab, w in e["labels"].items()} for i, e in key.items()}
    vpath = os.path.join(tmp, "v.json")
    json.dump(verdicts, open(vpath, "w"))
    r = run(os.path.join(JUDGE, "score.py"), os.path.join(out, "key.json"), vpath, vpath)
    assert r.returncode == 0, r.stderr
    lines = {l.split()[0]: l.split()[1:] for l in r.stdout.splitlines() if l.split()}
    assert lines["real"] == ["5", "0", "0", "0"], r.stdout
    assert lines["model"] == ["0", "0", "5", "0"], r.stdout
    assert lines["heuristic"] == ["0", "5", "0", "0"], r.stdout
    assert "agreement: 20 of 20 verdicts" in r.stdout, r.stdout
    assert "where the model wrote the default (1 items)" in r.stdout, r.stdout
    # A missing item or an unknown verdict word is an error, not a silent count.
    del verdicts["f000"]
    json.dump(verdicts, open(vpath, "w"))
    r = run(os.path.join(JUDGE, "score.py"), os.path.join(out, "key.json"), vpath)
    assert r.returncode == 2 and "no verdicts for f000" in r.stderr, (r.returncode, r.stderr)
print("judge scripts: ok")
