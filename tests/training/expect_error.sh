# Sourced by the CLI tests: `expect_error MESSAGE CMD...` runs CMD and fails the test unless it
# exits with status 2 and prints MESSAGE on stderr.
expect_error() {
  local want=$1; shift
  set +e
  err=$("$@" 2>&1 >/dev/null); rc=$?
  set -e
  [ "$rc" -eq 2 ] || { echo "expected rc 2, got $rc: $*"; exit 1; }
  grep -q "$want" <<<"$err" || { echo "expected '$want' in: $err"; exit 1; }
}
