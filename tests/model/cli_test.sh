#!/usr/bin/env bash
# End-to-end checks of `axl-docs init/info/generate` on random-weight models. Usage: cli_test.sh BIN
set -u
BIN=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$BIN" init --out "$TMP/tiny.gguf" --tiny --seed 3 --dtype f16 >/dev/null || fail "init --tiny"
"$BIN" init --out "$TMP/full.gguf" --seed 4 --dtype f16 >/dev/null || fail "init full"

# info: configuration and the ~9.9M parameter count of the full configuration.
"$BIN" info --model "$TMP/full.gguf" >"$TMP/info.txt" || fail "info exit code"
grep -q "parameters:      9898112 (9.90M)" "$TMP/info.txt" || fail "info parameter count: $(cat "$TMP/info.txt")"
grep -q "d_model:         224" "$TMP/info.txt" || fail "info d_model"
grep -q "scales:          \[1, 2, 4\]" "$TMP/info.txt" || fail "info scales"
grep -q "tensors:         103 (80 f16, 23 f32)" "$TMP/info.txt" || fail "info tensor types"

# generate: stdout is the prompt followed by the completion; the same seed gives the same bytes.
for m in tiny full; do
  "$BIN" generate --model "$TMP/$m.gguf" --prompt "def hello():" --max-tokens 30 --temperature 0.8 \
    --top-k 40 --seed 7 >"$TMP/gen1.bin" || fail "generate exit code ($m)"
  [ "$(head -c 12 "$TMP/gen1.bin")" = "def hello():" ] || fail "generate does not start with the prompt ($m)"
  size=$(stat -c %s "$TMP/gen1.bin")
  [ "$size" -gt 13 ] || fail "generate printed no continuation ($m)"
  "$BIN" generate --model "$TMP/$m.gguf" --prompt "def hello():" --max-tokens 30 --temperature 0.8 \
    --top-k 40 --seed 7 >"$TMP/gen2.bin" || fail "generate exit code ($m, 2nd run)"
  cmp -s "$TMP/gen1.bin" "$TMP/gen2.bin" || fail "generate is not deterministic for a fixed seed ($m)"
done
"$BIN" generate --model "$TMP/tiny.gguf" --prompt "x" --max-tokens 5 --top-p 0.9 --stop "ab" --stop "\n" \
  --seed 1 >/dev/null || fail "generate with --top-p/--stop"

# Bad files: non-zero exit and one clear line on stderr, never a crash.
expect_error() { # name, pattern, args...
  local name=$1 pattern=$2
  shift 2
  "$BIN" "$@" >"$TMP/out.txt" 2>"$TMP/err.txt"
  local rc=$?
  [ "$rc" -ne 0 ] || fail "$name: exit code 0"
  [ "$rc" -lt 128 ] || fail "$name: crashed (exit $rc)"
  grep -q "$pattern" "$TMP/err.txt" || fail "$name: stderr lacks '$pattern': $(cat "$TMP/err.txt")"
  [ "$(wc -l <"$TMP/err.txt")" -eq 1 ] || fail "$name: error is not one line: $(cat "$TMP/err.txt")"
}
head -c 5000 "$TMP/full.gguf" >"$TMP/trunc.gguf"
expect_error "truncated file" "truncated" info --model "$TMP/trunc.gguf"
expect_error "truncated file (generate)" "truncated" generate --model "$TMP/trunc.gguf" --prompt x
head -c 100 "$TMP/full.gguf" >"$TMP/trunc2.gguf"
expect_error "truncated header" "truncated" info --model "$TMP/trunc2.gguf"
echo "hello, not a model" >"$TMP/foreign.gguf"
expect_error "foreign file" "not a GGUF file" info --model "$TMP/foreign.gguf"
expect_error "missing file" "model file not found" info --model "$TMP/nope.gguf"
echo "cli_test: all checks passed"
