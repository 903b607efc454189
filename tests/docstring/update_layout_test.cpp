// `--update` on docstrings a human wrote: every byte it does not need to change stays as written
// (blank lines, indentation, prose, examples, the blank line before the closing quotes), and it
// adds only what the code proves.
#include "docstring/composer.h"
#include "docstring/stale.h"
#include "helpers.h"

using namespace axl;
using namespace axl::docstring;

namespace {

// The file after `annotate --update` (every definition; heuristic prose). The result must parse,
// and a second run must change nothing.
std::string updated(std::string_view src, RenderOptions o = {}) {
  auto pr = parser::parse_python(src, "mod");
  REQUIRE_FALSE(pr.has_errors);
  HeuristicSummaryProvider h;
  const FindingFilter no_module = [](const parser::Definition&, std::string_view code) {
    return code != "D100";
  };
  auto res = compose_file(src, pr, h, o, FileMode::MissingAndStale, {}, no_module);
  INFO(res.new_source);
  auto again = parser::parse_python(res.new_source, "mod");
  CHECK_FALSE(again.has_errors);
  CHECK(compose_file(res.new_source, again, h, o, FileMode::MissingAndStale, {}, no_module)
            .new_source == res.new_source);
  return res.new_source;
}

// `src` with `text` put right before the first `before`: what an update that adds only `text`
// gives.
std::string inserted(std::string src, std::string_view before, std::string_view text) {
  size_t at = src.find(before);
  REQUIRE(at != std::string::npos);
  return src.insert(at, text);
}

// `src` less the first `text`.
std::string erased(std::string src, std::string_view text) {
  size_t at = src.find(text);
  REQUIRE(at != std::string::npos);
  return src.erase(at, text.size());
}

// Up-to-date docstrings in every style, written the way people write them: blank lines between
// entries, continuation lines indented their own way, prose paragraphs, examples, a blank line
// before the closing quotes, the summary on the line after the quotes.
const std::string kUpToDate = R"(def google(host, port=443):
    """Open a connection to the server.

    The connection is lazy: nothing is sent
    until the first request.

    Args:
        host: Name or address of the server.
              Aligned continuation.

        port: TCP port.

    Returns:
        The connection.

    Examples:
        >>> google("db")

    """
    return Conn(host, port)


def numpy_style(values, scale):
    """
    Scale the values.

    Parameters
    ----------
    values : list of float
        What to scale.

    scale : float
        The factor.

    Returns
    -------
    list of float
          The scaled values.

    Notes
    -----
    Nothing clever.


    """
    return [v * scale for v in values]


def sphinx_style(path, mode):
    """Read a file.

    :param path: Where it is.

    :param mode: How to open it.
        Usually ``"r"``.
    :returns: The text.

    Example::

        sphinx_style("a", "r")
    """
    return open(path, mode).read()


def epytext_style(a, b):
    """
       Add two numbers.

       @param a: The first.

       @param b: The second.
       @return: The sum.
    """
    return a + b


def pep257_style(a, b):
    """Add two numbers.

    The sum is exact for integers.
    """
    return a + b
)";

} // namespace

TEST_CASE("update where nothing is stale is a byte-for-byte no-op", "[update]") {
  CHECK(updated(kUpToDate) == kUpToDate);
  auto pr = parser::parse_python(kUpToDate, "mod");
  HeuristicSummaryProvider h;
  for (const auto& def : pr.definitions) {
    INFO(def.qualified_name);
    CHECK(find_mismatches(def).empty());
    CHECK_FALSE(compose_update(kUpToDate, def, h, {}).has_value());
  }
}

TEST_CASE("google: one added parameter adds only its entry", "[update]") {
  std::string src = R"(def connect(host, port, timeout=None):
    """Open a connection to the server.

    The connection is lazy: nothing is sent until the first request.

    Args:
        host: Name or address of the server.

        port: TCP port,
           usually 443.

    Returns:
        The connection.

    Examples:
        >>> connect("db", 5432)

    """
    return Conn(host, port, timeout)
)";
  CHECK(updated(src) ==
        inserted(src, "\n    Returns:", "\n        timeout: The timeout. Defaults to None.\n"));
}

TEST_CASE("google: a removed parameter takes only its own entry and blank line", "[update]") {
  std::string src = R"(def connect(host):
    """Connect.

    Args:
        host: Name or address of the server.

        port: TCP port, usually 443.

        verbose: Print what happens.
    """
)";
  CHECK(updated(src) ==
        erased(src,
               "\n\n        port: TCP port, usually 443.\n\n        verbose: Print what happens."));
}

TEST_CASE("numpy: one added parameter adds only its entry", "[update]") {
  std::string src = R"(def scale(values, factor, clip):
    """
    Scale the values.

    Parameters
    ----------
    values : list of float
        What to scale.

    factor : float
        The factor.

    Returns
    -------
    list of float
          The scaled values.


    """
    return [v * factor for v in values]
)";
  CHECK(updated(src) == inserted(src, "\n    Returns", "\n    clip\n        The clip.\n"));
}

TEST_CASE("sphinx: the issue's example adds what the code proves, nothing else", "[update]") {
  std::string src = R"(_Default = object()


def connect(host, port, timeout=_Default):
    """Open a connection to the server.

    The connection is lazy: nothing is sent until the first request.

    :param host: Name or address of the server.

    :param port: TCP port, usually 443.

    Example::

        conn = connect("db", 5432)

    """
    if not host:
        raise TypeError(host)
    return Conn(host, port, timeout)
)";
  // No `:returns: The result.` / `:rtype: object` (the code proves no type), no text for the
  // TypeError, no "Defaults to _Default." (a private sentinel says nothing).
  CHECK(updated(src) == inserted(src, "\n    Example::",
                                 "\n    :param timeout: The timeout.\n    :raises TypeError:\n"));
}

TEST_CASE("sphinx: a removed parameter takes its :type: line too", "[update]") {
  std::string src = R"(def area(r: float) -> float:
    """Area of a circle.

    :param r: The radius.
    :type r: float

    :param unit: Gone.
    :type unit: str

    :returns: The area.
    """
    return 3.14 * r * r
)";
  CHECK(updated(src) == erased(src, "    :param unit: Gone.\n    :type unit: str\n\n"));
}

TEST_CASE("epytext: odd indentation and the quotes' own lines are kept", "[update]") {
  // The human writes no @type lines: the new entry has none either.
  std::string src = "def add(a, b, c: int):\n"
                    "    \"\"\"\n"
                    "       Add numbers.\n"
                    "\n"
                    "       @param a: The first.\n"
                    "\n"
                    "       @param b: The second.\n"
                    "       @return: The sum.\n"
                    "\n"
                    "    \"\"\"\n"
                    "    return a + b + c\n";
  CHECK(updated(src) == inserted(src, "       @return:", "\n       @param c: The c.\n"));
}

TEST_CASE("small layouts: neighbours, order, spacing, quotes, line endings", "[update]") {
  struct Case {
    const char* what;
    std::string src, want;
  };
  const std::string head = "def f(a, b, c):\n    \"\"\"F.\n\n    Args:\n";
  const std::vector<Case> cases = {
      {"a parameter in the middle goes between its neighbours",
       head + "        a: A.\n        c: C.\n    \"\"\"\n",
       head + "        a: A.\n        b: The b.\n        c: C.\n    \"\"\"\n"},
      {"the human's order of entries is kept", head + "        b: B.\n        a: A.\n    \"\"\"\n",
       head + "        b: B.\n        a: A.\n        c: The c.\n    \"\"\"\n"},
      {"a removed entry in the middle takes one blank line with it",
       "def f(a, c):\n    \"\"\"F.\n\n    Args:\n        a: A.\n\n        b: B.\n\n        c: C.\n"
       "    \"\"\"\n",
       "def f(a, c):\n    \"\"\"F.\n\n    Args:\n        a: A.\n\n        c: C.\n    \"\"\"\n"},
      {"closing quotes on the last text line stay there",
       "def f(a, b):\n    \"\"\"Do.\n\n    Args:\n        a: A.\"\"\"\n    return a\n",
       "def f(a, b):\n    \"\"\"Do.\n\n    Args:\n        a: A.\n        b: The b.\"\"\"\n"
       "    return a\n"},
      {"CRLF line endings and trailing spaces are kept",
       "def f(a, b):\r\n    \"\"\"Do.  \r\n\r\n    Args:\r\n        a: A.\r\n\r\n    \"\"\"\r\n"
       "    return a\r\n",
       "def f(a, b):\r\n    \"\"\"Do.  \r\n\r\n    Args:\r\n        a: A.\r\n        b: The "
       "b.\r\n\r\n"
       "    \"\"\"\r\n    return a\r\n"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    CHECK(updated(c.src) == c.want);
  }
}

TEST_CASE("a missing Returns is added only when the code proves something", "[update]") {
  // Unannotated: the return value is reported, but nothing proven can be written (no `object`).
  std::string untyped = "def f(a):\n    \"\"\"Do.\n\n    Args:\n        a: A.\n    \"\"\"\n"
                        "    b = g(a)\n    return b\n";
  auto pr = parser::parse_python(untyped, "mod");
  auto ms = find_mismatches(test::find_def(pr, "f"));
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].code == "DOC201");
  CHECK_FALSE(ms[0].fixable);
  CHECK(updated(untyped) == untyped);
  // The human writes no types: the annotation gives the words, not a type.
  std::string typed = "def f(a) -> int:\n    \"\"\"Do.\n\n    Args:\n        a: A.\n    \"\"\"\n"
                      "    b = g(a)\n    return b\n";
  CHECK(updated(typed) ==
        inserted(typed, "    \"\"\"\n    b =", "\n    Returns:\n        The resulting integer.\n"));
  // Words the name gives are enough ("The user." for `get_user`).
  std::string named = "def get_user(a):\n    \"\"\"Do.\n\n    Args:\n        a: A.\n    \"\"\"\n"
                      "    b = g(a)\n    return b\n";
  CHECK(updated(named) ==
        inserted(named, "    \"\"\"\n    b =", "\n    Returns:\n        The user.\n"));
}

TEST_CASE("numpy entries that are not `name : type` leave the parameters alone", "[update]") {
  // Real-world numpy (MDAnalysis): a `name: type` without the space, and a flush-left prose
  // paragraph inside Parameters. Read as entries they were "renamed" or deleted as stale.
  std::string src = R"(def openany(datasource, mode='rt', reset=True):
    """Open a stream.

    Parameters
    ----------
    datasource
        a file or a stream
    mode: {'r', 'w', 'a'} (optional)
        Open in r(ead), w(rite) or a(ppend) mode.


    .. versionchanged:: 0.9.0
       Also permits streams.
    """
    print(datasource, mode, reset)
)";
  CHECK(updated(src) == src);
  auto pr = parser::parse_python(src, "mod");
  CHECK(find_mismatches(test::find_def(pr, "openany")).empty());
}
