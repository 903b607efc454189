"""What the e2e scripts share: `check` records a failure and goes on, `run_tests` runs every
test_* function of a script (each in a fresh temporary directory if it takes one) and turns the
failures into the exit status."""
import inspect
import sys
import tempfile

FAILURES = []


def check(cond, what, detail=b""):
    if not cond:
        FAILURES.append(what)
        if isinstance(detail, bytes):
            detail = detail.decode(errors="replace")
        print("FAIL:", what, detail, sep="\n")


def run_tests(namespace):
    tests = [v for k, v in namespace.items() if k.startswith("test_") and callable(v)]
    for t in tests:
        if inspect.signature(t).parameters:
            with tempfile.TemporaryDirectory(prefix="axl-e2e-") as tmp:
                t(tmp)
        else:
            t()
    print(f"{len(tests)} tests, {len(FAILURES)} failures")
    sys.exit(1 if FAILURES else 0)
