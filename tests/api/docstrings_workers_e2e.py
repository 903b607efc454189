#!/usr/bin/env python3
"""E2E: one /v1/docstrings request shared between two workers answers the same bytes as one worker.

With a copy of the shipped model whose gates are all open (so summaries, parameters and returns
are really decoded), `serve --threads 2` (the request's definitions split between both workers)
and `serve --threads 1` must give byte-identical responses, in file order, and the prose must be
the model's (it differs from `--docstrings heuristic`).

Usage: docstrings_workers_e2e.py AXL_DOCS_BINARY MODEL
"""
import json
import os
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lsp"))
import server_harness as h  # noqa: E402
from model_gate import write_open_gates  # noqa: E402

SOURCE = "".join(
    "def %s(%s):\n    %s\n\n\n" % case for case in [
        ("read_config", "path", "with open(path) as f:\n        return json.load(f)"),
        ("parse_port", "text, default=80", "return int(text) if text else default"),
        ("join_url", "base, path", "return base.rstrip('/') + '/' + path.lstrip('/')"),
        ("count_words", "text", "return len(text.split())"),
        ("is_valid_email", "address", "return '@' in address and '.' in address"),
        ("load_users", "db, limit=10", "return db.query('users').limit(limit).all()"),
        ("to_celsius", "fahrenheit", "return (fahrenheit - 32) * 5 / 9"),
        ("retry", "func, attempts=3", "for _ in range(attempts):\n        try:\n"
                                      "            return func()\n        except IOError:\n"
                                      "            pass"),
    ])


def docstrings(binary, model, *args):
    with h.Server(binary, model, *args) as s:
        conn = s.conn(timeout=300)
        conn.request("POST", "/v1/docstrings", body=json.dumps({"code": SOURCE}).encode(),
                     headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        raw = resp.read()
        conn.close()
        h.check(resp.status == 200, "status %d: %r" % (resp.status, raw[:300]))
        return raw


def main():
    binary, model = sys.argv[1], sys.argv[2]
    h.TIMEOUT = 60  # the model loads first
    with tempfile.TemporaryDirectory(prefix="axl-docstrings-workers-") as tmp:
        opened = os.path.join(tmp, "every-gate-open.gguf")
        write_open_gates(model, opened, ["summary", "param", "returns"])
        one = docstrings(binary, opened, "--threads", "1")
        two = docstrings(binary, opened, "--threads", "2")
        heuristic = docstrings(binary, opened, "--threads", "1", "--docstrings", "heuristic")
    body = json.loads(one)
    h.check(body["provider"] == "axl-model", "provider %r" % body["provider"])
    names = [d["name"] for d in body["docstrings"]]
    h.check(names[1:] == ["read_config", "parse_port", "join_url", "count_words",
                          "is_valid_email", "load_users", "to_celsius", "retry"],
            "docstrings out of file order: %s" % names)
    h.check(one != heuristic, "the model wrote nothing: the response is the heuristic's")
    h.check(one == two, "2 workers answered other bytes than 1:\n%s\n%s" % (one, two))
    print("PASS: 1 and 2 workers give the same %d bytes (%d docstrings)" % (len(one), len(names)))


if __name__ == "__main__":
    main()
