#!/usr/bin/env bash
# End-to-end: `axl-docs dataset` on a small tree, then `axl-docs eval`, and the error paths.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/proj/pkg" "$tmp/proj/pkg/_vendor"
for i in $(seq 1 60); do
  cat > "$tmp/proj/pkg/m$i.py" <<PY
def get_user_name_$i(user):
    """Return the name of user number $i."""
    return user.name + "$i"
PY
done
echo 'def f(x):
    """Vendored code is skipped."""' > "$tmp/proj/pkg/_vendor/v.py"

out=$("$bin" dataset "$tmp/proj" --out "$tmp/corpus" -q)
echo "$out"
grep -q "skipped files: vendored 1" <<<"$out"
grep -q "wrote 60 samples" <<<"$out"
for s in train val test; do test -s "$tmp/corpus/$s.axlds"; done
test -s "$tmp/corpus/preview.jsonl"
test -s "$tmp/corpus/stats.txt"

ev=$("$bin" eval --data "$tmp/corpus" --split train --show 1 --prompts 1)
echo "$ev"
grep -qE "^name-split +[0-9]+ " <<<"$ev"
grep -qE "^heuristic +[0-9]+ " <<<"$ev"
grep -q '<BOS># return user.name' <<<"$ev"
grep -q '⟦Return the name of user number' <<<"$ev"

# calibrate --close of every field measures nothing: the model file says so (info shows it), not
# "0 samples (--sample 400 ...)" as if 0 samples had been measured.
"$bin" init --tiny --out "$tmp/r.gguf" >/dev/null
cal=$("$bin" calibrate --data "$tmp/corpus" --model "$tmp/r.gguf" --out "$tmp/closed.gguf" \
  --close summary,param,returns --why "judged" --sample 400 -j 1)
echo "$cal"
info=$("$bin" info --model "$tmp/closed.gguf")
echo "$info"
grep -q "^gate chosen on:  not measured: every field closed by --close; .*; summary closed; param closed; returns closed (judged)$" <<<"$info"
grep -q "^every field closed by --close: nothing measured" <<<"$cal"
if grep -q "0 samples" <<<"$cal$info"; then echo "calibrate --close claims 0 measured samples"; exit 1; fi

source "$(dirname "$0")/expect_error.sh"
expect_error "not in the training allowlist" "$bin" dataset --packages python3-requests --out "$tmp/x"
expect_error "not in the training allowlist" "$bin" dataset --packages 'python3-numpy;ls' --out "$tmp/x"
expect_error "no such file or directory" "$bin" dataset "$tmp/absent" --out "$tmp/x"
expect_error "no Python files" "$bin" dataset "$tmp/corpus" --out "$tmp/x"
expect_error "cannot open" "$bin" eval --data "$tmp/absent"
printf 'XXXXXXXXjunk' > "$tmp/corpus/test.axlds"
expect_error "bad magic" "$bin" eval --data "$tmp/corpus"
expect_error "must be train, val or test" "$bin" eval --data "$tmp/corpus" --split dev
echo "cli_test: ok"
