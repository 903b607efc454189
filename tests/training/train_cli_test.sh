#!/usr/bin/env bash
# `axl-docs train` end to end on a tiny corpus: the loss goes down, a run killed with SIGKILL and
# rerun resumes from its last checkpoint (losing at most one interval) and ends with exactly the
# model of an uninterrupted run, `--init` fine-tunes, and bad inputs are clear errors.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/proj/pkg"
for i in $(seq 1 80); do
  cat > "$tmp/proj/pkg/m$i.py" <<PY
def get_item_$i(items, key):
    """Return item $i of the items under key."""
    return items[key][$i]
PY
done
"$bin" dataset "$tmp/proj" --out "$tmp/corpus" -q >/dev/null

# Every run uses the same flags but its own output file (STEPS and EVAL_EVERY may change them).
train() {
  local out=$1; shift
  "$bin" train --data "$tmp/corpus" --out "$out" --steps "${STEPS:-24}" --batch 4 --warmup 2 \
    --lr 1e-3 --save-every 2 --log-every 1 --eval-every "${EVAL_EVERY:-12}" --val-sequences 4 \
    --val-summaries 2 --threads 2 --seed 7 "$@"
}

train "$tmp/a.gguf" --log "$tmp/a.csv" > "$tmp/a.log"
cat "$tmp/a.log"
grep -q "^done: 24 steps" "$tmp/a.log"
test -s "$tmp/a.gguf"
test -s "$tmp/a.gguf.ckpt"
[ "$(grep -c 'eval |' "$tmp/a.log")" -eq 3 ] # steps 0, 12, 24
[ "$(wc -l < "$tmp/a.csv")" -eq 4 ]          # header + 3 evaluations
first=$(grep -m1 -oP '^step 1/24 \| loss \K[0-9.]+' "$tmp/a.log")
last=$(grep -oP '^step 24/24 \| loss \K[0-9.]+' "$tmp/a.log")
awk -v a="$first" -v b="$last" 'BEGIN { exit !(b < a - 0.5) }' ||
  { echo "loss did not go down: $first -> $last"; exit 1; }
grep -qE 'ETA [0-9]+m[0-9]{2}s' "$tmp/a.log"

# Kill -9 mid-run, then rerun the same command.
train "$tmp/b.gguf" > "$tmp/b1.log" &
pid=$!
for _ in $(seq 1 600); do
  grep -q '^step 9/24' "$tmp/b1.log" && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
kill -9 $pid || { echo "the run ended before it could be killed"; exit 1; }
wait $pid || true
train "$tmp/b.gguf" > "$tmp/b2.log"
cat "$tmp/b2.log"
resumed=$(grep -oP '^resuming .* at step \K[0-9]+' "$tmp/b2.log")
[ "$resumed" -ge 8 ] || { echo "resumed at step $resumed, lost more than one interval"; exit 1; }
grep -q "^done: 24 steps" "$tmp/b2.log"
cmp "$tmp/a.gguf" "$tmp/b.gguf" || { echo "resumed run differs from the uninterrupted one"; exit 1; }

# --stop-at stops after that step (checkpointed); the rerun finishes with the same model.
train "$tmp/d.gguf" --stop-at 10 > "$tmp/d1.log"
grep -q "^stopped at step 10;" "$tmp/d1.log"
train "$tmp/d.gguf" > "$tmp/d2.log"
grep -q "^resuming .* at step 10$" "$tmp/d2.log"
cmp "$tmp/a.gguf" "$tmp/d.gguf" || { echo "--stop-at + resume differs from one run"; exit 1; }

# Fine-tuning starts from the given model at step 0.
STEPS=4 EVAL_EVERY=0 train "$tmp/c.gguf" --init "$tmp/a.gguf" > "$tmp/c.log"
grep -q "^fine-tuning from $tmp/a.gguf" "$tmp/c.log"
grep -q "^done: 4 steps" "$tmp/c.log"
c1=$(grep -oP '^step 1/4 \| loss \K[0-9.]+' "$tmp/c.log")
awk -v a="$first" -v c="$c1" 'BEGIN { exit !(c < a - 0.5) }' ||
  { echo "fine-tuning did not start from the model: $c1 vs $first"; exit 1; }

source "$(dirname "$0")/expect_error.sh"
expect_error "cannot open" "$bin" train --data "$tmp/absent" --out "$tmp/x.gguf"
head -c 1000 "$tmp/a.gguf.ckpt" > "$tmp/t.gguf.ckpt"
expect_error "t.gguf.ckpt" "$bin" train --data "$tmp/corpus" --out "$tmp/t.gguf"
expect_error "absent.gguf" "$bin" train --data "$tmp/corpus" --out "$tmp/y.gguf" --init "$tmp/absent.gguf"

# eval with the model: perplexity by region and a model row next to the baselines.
ev=$("$bin" eval --data "$tmp/corpus" --split train --model "$tmp/a.gguf" --limit 4 --show 1)
echo "$ev"
grep -qE '^docstring +[0-9]+ +[0-9.]+ +[0-9.]+$' <<<"$ev"
grep -qE '^model \(raw\) +4 ' <<<"$ev"
grep -qE '^default +4 ' <<<"$ev"
# An uncalibrated model writes nothing: the default is the heuristic.
grep -q "gate of $tmp/a.gguf: not calibrated" <<<"$ev"
grep -qE '^  the model writes 0 of [0-9]+ \(0.0%\)' <<<"$ev"
# ... yet its raw answers are decoded and scored (a closed gate skips decoding only in the product).
grep -qE '^  summary model: .*mean log-prob -[0-9]+\.[0-9]+, grounded' <<<"$ev"

# calibrate: thresholds chosen on val, written into a copy that info and eval then use.
cal=$("$bin" calibrate --data "$tmp/corpus" --model "$tmp/a.gguf" --out "$tmp/cal.gguf" -j 1)
echo "$cal"
grep -q "word dictionary: [0-9]* words" <<<"$cal"
grep -q "wrote $tmp/cal.gguf" <<<"$cal"
info=$("$bin" info --model "$tmp/cal.gguf")
grep -qE '^gate summary: +(closed|mean log-prob)' <<<"$info"
grep -q "gate chosen on:  val split of corpus" <<<"$info"
cmp -s "$tmp/a.gguf" "$tmp/cal.gguf" && { echo "calibrate wrote an identical file"; exit 1; }
ev=$("$bin" eval --data "$tmp/corpus" --split train --model "$tmp/cal.gguf" --limit 4)
grep -q "gate of $tmp/cal.gguf: val split of corpus" <<<"$ev"
expect_error "cannot open" "$bin" calibrate --data "$tmp/absent" --out "$tmp/x.gguf"
echo "train_cli_test: ok"
