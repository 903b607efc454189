#include "parser/docstring_sections.h"

#include <catch2/catch.hpp>

using namespace axl::parser;

TEST_CASE("clean_docstring dedents like inspect.cleandoc", "[sections]") {
  CHECK(clean_docstring("Summary.\n\n    More text.\n      Indented.\n    ") ==
        "Summary.\n\nMore text.\n  Indented.");
  CHECK(clean_docstring("\n    Summary on the next line.\r\n    ") == "Summary on the next line.");
  CHECK(clean_docstring("") == "");
}

namespace {
ExistingDocstring parsed(std::string raw) {
  ExistingDocstring d;
  d.raw_body = std::move(raw);
  parse_docstring_sections(d);
  return d;
}
std::vector<std::string> names(const std::vector<DocItem>& items) {
  std::vector<std::string> out;
  for (const auto& i : items) out.push_back(i.name);
  return out;
}
} // namespace

TEST_CASE("google sections", "[sections]") {
  auto d = parsed(R"(Fetch a page.

    Longer text
    over two lines.

    Args:
        url (str): The address,
            continued here.
        *args: Extra.
        \*\*kwargs: Options.
        timeout (Callable[[int], str]): Odd type.
        flag: No type.

    Returns:
        dict[str, int]: The counts.

    Raises:
        ValueError: Bad input.
        errors.Timeout: Too slow.

    Example:
        >>> fetch("x")
    )");
  CHECK(d.style == DocStyle::Google);
  CHECK(d.summary == "Fetch a page.");
  CHECK(names(d.params) == std::vector<std::string>{"url", "*args", "**kwargs", "timeout", "flag"});
  CHECK(d.params[0].type == "str");
  CHECK(d.params[0].description == "The address,\ncontinued here.");
  CHECK(d.params[3].type == "Callable[[int], str]");
  CHECK(d.params[4].type.empty());
  REQUIRE(d.returns.size() == 1);
  CHECK(d.returns[0].type == "dict[str, int]");
  CHECK(d.returns[0].description == "The counts.");
  CHECK(names(d.raises) == std::vector<std::string>{"ValueError", "errors.Timeout"});
}

TEST_CASE("google returns without a type", "[sections]") {
  auto d = parsed("Sum.\n\nReturns:\n    The total: a number.\n");
  REQUIRE(d.returns.size() == 1);
  CHECK(d.returns[0].type.empty());
  CHECK(d.returns[0].description == "The total: a number.");
}

TEST_CASE("numpy sections", "[sections]") {
  auto d = parsed(R"(
    Fetch a page.

    Parameters
    ----------
    url : str
        The address.
    x, y : int, optional
        Coordinates.
    *args
        Extra.

    Returns
    -------
    int
        The count.

    Yields
    ------
    row : Row
        Rows.

    Attributes
    ----------
    name : str
        The name.
    )");
  CHECK(d.style == DocStyle::Numpy);
  CHECK(d.summary == "Fetch a page.");
  CHECK(names(d.params) == std::vector<std::string>{"url", "x", "y", "*args"});
  CHECK(d.params[1].type == "int, optional");
  CHECK(d.params[2].description == "Coordinates.");
  REQUIRE(d.returns.size() == 1);
  CHECK(d.returns[0].type == "int");
  CHECK(d.returns[0].name.empty());
  REQUIRE(d.yields.size() == 1);
  CHECK(d.yields[0].name == "row");
  CHECK(d.yields[0].type == "Row");
  CHECK(names(d.attributes) == std::vector<std::string>{"name"});
}

TEST_CASE("sphinx fields", "[sections]") {
  auto d = parsed(R"(Fetch a page.

    :param url: The address,
        continued.
    :type url: str
    :param int retries: How often.
    :param \*args: Extra.
    :keyword timeout: Seconds.
    :returns: The body.
    :rtype: bytes
    :raises ValueError: Bad input.
    )");
  CHECK(d.style == DocStyle::Sphinx);
  CHECK(names(d.params) == std::vector<std::string>{"url", "retries", "*args", "timeout"});
  CHECK(d.params[0].type == "str");
  CHECK(d.params[0].description == "The address,\ncontinued.");
  CHECK(d.params[1].type == "int");
  REQUIRE(d.returns.size() == 1);
  CHECK(d.returns[0].type == "bytes");
  CHECK(d.returns[0].description == "The body.");
  CHECK(names(d.raises) == std::vector<std::string>{"ValueError"});
}

TEST_CASE("epytext fields", "[sections]") {
  auto d = parsed("Fetch.\n\n@param url: The address.\n@type url: str\n@return: The body.\n"
                  "@rtype: bytes\n@raise IOError: Broken.\n@ivar size: Size.\n@type size: int\n");
  CHECK(d.style == DocStyle::Epytext);
  CHECK(names(d.params) == std::vector<std::string>{"url"});
  CHECK(d.params[0].type == "str");
  CHECK(d.returns.at(0).type == "bytes");
  CHECK(names(d.raises) == std::vector<std::string>{"IOError"});
  REQUIRE(d.attributes.size() == 1);
  CHECK(d.attributes[0].type == "int");
}

TEST_CASE("plain docstrings are not a recognised style", "[sections]") {
  auto d = parsed("Return the thing.\n\n    It is: important.\n    ");
  CHECK(d.style == DocStyle::Unknown);
  CHECK(d.summary == "Return the thing.");
  CHECK(d.params.empty());
  auto two = parsed("First line\n    of the summary.\n\n    Body.");
  CHECK(two.summary == "First line\nof the summary.");
}

TEST_CASE("layout keeps line positions", "[sections]") {
  auto text = clean_docstring("Sum.\n\n    Args:\n        a: A.\n        b: B\n            "
                              "more.\n\n    Notes:\n        Hi.\n");
  auto d = parse_docstring_layout(text);
  REQUIRE(d.sections.size() == 2);
  CHECK(d.preamble_end == 1);
  CHECK(d.sections[0].kind == DocSectionKind::Params);
  CHECK(d.sections[0].lines.begin == 2);
  CHECK(d.sections[0].lines.end == 6);
  CHECK(d.sections[0].item_indent == "    ");
  REQUIRE(d.sections[0].items.size() == 2);
  CHECK(d.sections[0].items[1].spans[0].begin == 4);
  CHECK(d.sections[0].items[1].spans[0].end == 6);
  CHECK(d.sections[1].kind == DocSectionKind::Other);
}
