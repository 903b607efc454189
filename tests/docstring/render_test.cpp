#include "docstring/render.h"
#include "docstring/text_util.h"
#include "helpers.h"

using namespace axl;
using namespace axl::docstring;
using test::function;
using test::method;
using test::param;

namespace {

parser::Definition fetch() {
  auto d = function("fetch",
                    {param("url", "str"), param("retries", "int", "3"),
                     param("args", std::nullopt, std::nullopt, parser::ParamKind::VarPositional),
                     param("kwargs", "Any", std::nullopt, parser::ParamKind::VarKeyword)},
                    "bytes");
  d.returns_value = true;
  d.raises = {"ValueError", "ValueError", "err"}; // parser de-duplicates; `err` is a variable
  d.raises = {"ValueError", "err"};
  return d;
}

DocText prose() {
  DocText t;
  t.summary = "fetch a URL";
  t.params["url"] = "The address.";
  t.returns = "The body.";
  return t;
}

std::string render(const parser::Definition& d, Style s, bool types, DocText t = prose()) {
  RenderOptions o;
  o.style = s;
  o.include_types = types;
  return render_docstring(d, t, o);
}

} // namespace

TEST_CASE("google style, with and without types", "[render]") {
  CHECK(render(fetch(), Style::Google, true) == R"(Fetch a URL.

Args:
    url (str): The address.
    retries (int): The retries. Defaults to 3.
    *args: Additional positional arguments.
    **kwargs (Any): Additional keyword arguments.

Returns:
    bytes: The body.

Raises:
    ValueError)");
  CHECK(render(fetch(), Style::Google, false) == R"(Fetch a URL.

Args:
    url: The address.
    retries: The retries. Defaults to 3.
    *args: Additional positional arguments.
    **kwargs: Additional keyword arguments.

Returns:
    The body.

Raises:
    ValueError)");
}

TEST_CASE("numpy style, with and without types", "[render]") {
  CHECK(render(fetch(), Style::Numpy, true) == R"(Fetch a URL.

Parameters
----------
url : str
    The address.
retries : int, optional
    The retries. Defaults to 3.
*args
    Additional positional arguments.
**kwargs : Any
    Additional keyword arguments.

Returns
-------
bytes
    The body.

Raises
------
ValueError)");
  CHECK(render(fetch(), Style::Numpy, false) == R"(Fetch a URL.

Parameters
----------
url
    The address.
retries
    The retries. Defaults to 3.
*args
    Additional positional arguments.
**kwargs
    Additional keyword arguments.

Returns
-------
bytes
    The body.

Raises
------
ValueError)");
}

TEST_CASE("sphinx style, with and without types", "[render]") {
  CHECK(render(fetch(), Style::Sphinx, true) == R"(Fetch a URL.

:param url: The address.
:type url: str
:param retries: The retries. Defaults to 3.
:type retries: int
:param *args: Additional positional arguments.
:param **kwargs: Additional keyword arguments.
:type **kwargs: Any
:returns: The body.
:rtype: bytes
:raises ValueError:)");
  CHECK(render(fetch(), Style::Sphinx, false) == R"(Fetch a URL.

:param url: The address.
:param retries: The retries. Defaults to 3.
:param *args: Additional positional arguments.
:param **kwargs: Additional keyword arguments.
:returns: The body.
:raises ValueError:)");
}

TEST_CASE("epytext style, with and without types", "[render]") {
  CHECK(render(fetch(), Style::Epytext, true) == R"(Fetch a URL.

@param url: The address.
@type url: str
@param retries: The retries. Defaults to 3.
@type retries: int
@param *args: Additional positional arguments.
@param **kwargs: Additional keyword arguments.
@type **kwargs: Any
@return: The body.
@rtype: bytes
@raise ValueError:)");
  CHECK(render(fetch(), Style::Epytext, false) == R"(Fetch a URL.

@param url: The address.
@param retries: The retries. Defaults to 3.
@param *args: Additional positional arguments.
@param **kwargs: Additional keyword arguments.
@return: The body.
@raise ValueError:)");
}

TEST_CASE("pep257 style is the summary only", "[render]") {
  CHECK(render(fetch(), Style::Pep257, true) == "Fetch a URL.");
}

TEST_CASE("returns are omitted for None, no value and __init__", "[render]") {
  auto none = function("save", {param("path")}, "None");
  none.returns_value = true; // `return None`-like noise must not matter with -> None
  CHECK(render(none, Style::Google, true, {}) == "Save.\n\nArgs:\n    path: The path.");
  auto bare = function("log", {param("msg")});
  CHECK(render(bare, Style::Google, true, {}).find("Returns") == std::string::npos);
  auto init = method("Client", "__init__", {param("host", "str")});
  CHECK(render(init, Style::Google, true, {}) == "Initialize the Client.");
  RenderOptions o;
  o.init_args = InitArgs::InInit;
  CHECK(render_docstring(init, {}, o) ==
        "Initialize the Client.\n\nArgs:\n    host (str): The host.");
  auto self_only = method("Client", "close");
  CHECK(render(self_only, Style::Google, true, {}) == "Close.");
}

TEST_CASE("generators get Yields with the element type", "[render]") {
  auto gen = function("iter_rows", {}, "Iterator[Row]");
  gen.yields = true;
  CHECK(render(gen, Style::Google, true, {}) ==
        "Iterate over the rows.\n\nYields:\n    Row: The next row.");
  CHECK(render(gen, Style::Numpy, false, {}) ==
        "Iterate over the rows.\n\nYields\n------\nRow\n    The next row.");
  CHECK(render(gen, Style::Sphinx, true, {}) ==
        "Iterate over the rows.\n\n:yields: The next row.\n:ytype: Row");
  // A forward reference is the class it names, not a quoted string (`"Context"` also ended the
  // sphinx docstring in a quote, which had to be escaped: pydocstyle D301).
  auto scope = function("scope", {}, "t.Iterator[\"Context\"]");
  scope.yields = true;
  CHECK(
      render(scope, Style::Google, true, {}).ends_with("Yields:\n    Context: The next context."));
  CHECK(render(scope, Style::Sphinx, true, {}).ends_with(":ytype: Context"));
}

TEST_CASE("classes: summary, __init__ args and attributes", "[render]") {
  parser::Definition cls;
  cls.kind = parser::DefKind::Class;
  cls.name = cls.qualified_name = "Point";
  cls.attributes = {{"x", "float", std::nullopt}, {"y", "float", "0.0"}, {"_cache", "dict", "{}"}};
  cls.init_params = {param("x", "float"), param("y", "float", "0.0")};
  DocText t;
  t.attributes["x"] = "Horizontal position.";
  CHECK(render(cls, Style::Google, true, t) == R"(Point.

Args:
    x (float): The x.
    y (float): The y. Defaults to 0.0.

Attributes:
    x (float): Horizontal position.
    y (float): The y.)");
  cls.is_dataclass = true; // dataclass fields are the attributes; no duplicate Args
  CHECK(render(cls, Style::Numpy, true, t) == R"(Point with `x` and `y`.

Attributes
----------
x : float
    Horizontal position.
y : float
    The y.)");
  RenderOptions o;
  o.include_private = true;
  CHECK(render_docstring(cls, t, o).find("_cache (dict): The cache.") != std::string::npos);
}

TEST_CASE("modules and properties are summary only", "[render]") {
  parser::Definition mod;
  mod.kind = parser::DefKind::Module;
  mod.name = "tools";
  CHECK(render(mod, Style::Google, true, {}) == "Tools.");
  auto prop = method("User", "age", {}, "int");
  prop.is_property = true;
  prop.returns_value = true;
  CHECK(render(prop, Style::Numpy, true, {}) == "The age.");
}

TEST_CASE("prose wraps at the width, indentation counted", "[render]") {
  auto d = function("f", {param("x")});
  DocText t;
  t.summary = "Do the thing.";
  t.params["x"] = "A long description that certainly will not fit on one line of forty columns.";
  RenderOptions o;
  o.width = 40;
  auto lines = render_lines(d, t, o, 4);
  for (const auto& l : lines) CHECK(static_cast<int>(l.size()) + 4 <= 40);
  CHECK(lines[3] == "    x: A long description that");
  CHECK(lines[4] == "        certainly will not fit on");
  // A summary too long for the width stays one line (PEP 257's summary line): wrapped, its first
  // line has no period and no blank line after it, pydocstyle D205 and D400/D415 in every style.
  t.summary = std::string(30, 'a') + " " + std::string(10, 'b');
  lines = render_lines(d, t, o, 0);
  CHECK(lines[0] == "A" + std::string(29, 'a') + " " + std::string(10, 'b') + ".");
  CHECK(lines[1].empty());
  auto one = function("f");
  CHECK(render_lines(one, t, o, 0) ==
        std::vector<std::string>{"A" + std::string(29, 'a') + " " + std::string(10, 'b') + "."});
}

TEST_CASE("wrapping counts characters, not bytes", "[render]") {
  // 10 four-letter words with umlauts: 2 bytes per letter but one column.
  std::string text;
  for (int i = 0; i < 10; ++i) text += "\xC3\xA4\xC3\xB6\xC3\xBC\xC3\x9F ";
  auto lines = wrap(text, 24, "", "");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].size() == 8 * 5 + 4); // "xxxx " * 4 + "xxxx" -> 24 columns
}

TEST_CASE("descriptions mentioning a default are not doubled", "[render]") {
  CHECK(with_default("The size (default: 10).", "10") == "The size (default: 10).");
  CHECK(with_default("The size", "10") == "The size. Defaults to 10.");
  CHECK(with_default("", "None") == "Defaults to None.");
  auto fwd = function("get_owner", {param("user", "'User'")}, "\"Owner\"");
  fwd.returns_value = true;
  CHECK(
      render(fwd, Style::Google, true, {}) ==
      "Return the owner.\n\nArgs:\n    user (User): The user.\n\nReturns:\n    Owner: The owner.");
}

TEST_CASE("entries without words are the type alone, never filler", "[render]") {
  auto d = test::function("process", {param("data")});
  d.returns_value = true;
  d.raises = {"TypeError"};
  DocText t;
  CHECK(render(d, Style::Google, true, t) == R"(Process.

Args:
    data: The data.

Returns:
    object

Raises:
    TypeError)");
  // numpy invents no `object` type line: a return value with neither a proven type nor words
  // gets no entry (an `object` type would say nothing; numpydoc wants a type when there is one).
  CHECK(render(d, Style::Numpy, true, t)
            .ends_with("Parameters\n----------\ndata\n    The data.\n\nRaises\n------\nTypeError"));
  CHECK(render(d, Style::Sphinx, false, t)
            .ends_with(":param data: The data.\n:rtype: object\n:raises TypeError:"));
  CHECK(render(d, Style::Epytext, true, t).ends_with("@rtype: object\n@raise TypeError:"));
  d.return_annotation = "list[int]";
  CHECK(render(d, Style::Google, false, t).find("Returns:\n    list[int]\n") != std::string::npos);
}

TEST_CASE("numpy: no invented `object` type; words alone under the header", "[render]") {
  auto d = test::function("process", {param("data")});
  d.returns_value = true;
  DocText t;
  t.returns = "The processed data.";
  CHECK(render(d, Style::Numpy, true, t).ends_with("Returns\n-------\n    The processed data."));
  d.return_annotation = "bytes";
  CHECK(render(d, Style::Numpy, true, t)
            .ends_with("Returns\n-------\nbytes\n    The processed data."));
  auto gen = test::function("rows", {param("db")});
  gen.yields = true;
  // A generator with neither a proven element type nor words: no "The next value." filler; numpy
  // writes no entry (so no section), the others the type alone, `object`, as for Returns.
  CHECK(render(gen, Style::Numpy, true, {}).find("Yields") == std::string::npos);
  CHECK(render(gen, Style::Google, true, {}).ends_with("\n\nYields:\n    object"));
  CHECK(render(gen, Style::Sphinx, false, {}).ends_with(":param db: The db.\n:ytype: object"));
  CHECK(render(gen, Style::Epytext, true, {}).ends_with("@ytype: object"));
  gen.return_annotation = "Iterator[int]";
  CHECK(
      render(gen, Style::Numpy, true, {}).ends_with("Yields\n------\nint\n    The next integer."));
}

TEST_CASE("a private sentinel default says nothing", "[render]") {
  CHECK(with_default("The timeout.", "_Default") == "The timeout.");
  CHECK(with_default("The timeout.", "mod._MISSING") == "The timeout.");
  CHECK(with_default("The flag.", "__debug__") == "The flag. Defaults to __debug__.");
  CHECK(with_default("The name.", "'_x'") == "The name. Defaults to '_x'.");
}
