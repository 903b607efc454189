"""Python sources that nest deeper than a recursive syntax-tree walk survives, or that
tree-sitter-python's scanner misreads (issue 16, item 1). Shared by the e2e tests of the three
surfaces: annotate (tests/cli), the language server (tests/lsp) and the HTTP API (tests/api)."""


def _nested_defs(depth):
    lines = []
    for level in range(depth):
        lines.append("    " * level + f"def level{level}(x):")
    lines.append("    " * depth + "return x")
    return "\n".join(lines) + "\n"


DEEP_INPUTS = {
    # x + 1 + 1 + ... with 50,000 terms (200 KB): a left-leaning binary_operator chain.
    "long_sum": "def f(x):\n    return x" + " + 1" * 50000 + "\n",
    # f(f(...(x)...)) 20,000 calls deep (60 KB).
    "nested_calls": "def g(x):\n    return " + "f(" * 20000 + "x" + ")" * 20000 + "\n",
    # 70 nested defs: indentation past 255 columns (tree-sitter-python stores it in a byte).
    "nested_defs": _nested_defs(70),
    # Lines that end in a lone CR (old Mac OS): CPython reads three lines.
    "lone_cr": "import os\rdef h(y):\r    return y\r",
}
