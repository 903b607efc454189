#include "docstring/insert.h"
#include "helpers.h"

#include <stdexcept>

using namespace axl;
using namespace axl::docstring;

namespace {

// A definition placed by hand: `def` at `header_end` (the ':' offset) with its body at `body`.
parser::Definition at(std::string_view src, std::string_view colon_after, std::string_view body,
                      std::string indent, bool same_line = false) {
  auto d = test::function("f");
  d.colon_byte = static_cast<uint32_t>(src.find(colon_after) + colon_after.size() - 1);
  d.body_start_byte = static_cast<uint32_t>(src.find(body, d.colon_byte));
  d.body_indent = std::move(indent);
  d.body_on_header_line = same_line;
  return d;
}

std::string place(std::string_view src, const parser::Definition& d, std::string_view text,
                  std::string_view quote = "\"\"\"", bool new_line = false) {
  return apply_edits(src, {docstring_edit(src, d, encode_docstring(text, quote, new_line))});
}

} // namespace

TEST_CASE("encode_docstring keeps the meaning of the text", "[insert]") {
  auto plain = encode_docstring("Return x.");
  CHECK(plain.prefix.empty());
  CHECK(layout_literal(plain, "    ", "\n") == "\"\"\"Return x.\"\"\"");
  auto raw = encode_docstring("Split on \\n.");
  CHECK(raw.prefix == "r");
  CHECK(layout_literal(raw, "", "\n") == "r\"\"\"Split on \\n.\"\"\"");
  auto quotes = encode_docstring("Say \"\"\"hi\"\"\" loudly.");
  CHECK(quotes.prefix.empty());
  CHECK(quotes.lines[0] == "Say \"\"\\\"hi\"\"\\\" loudly.");
  auto ends = encode_docstring("Return \"x\"");
  CHECK(ends.lines[0] == "Return \"x\\\"");
  auto both = encode_docstring("A \\ and \"\"\".");
  CHECK(both.lines[0] == "A \\\\ and \"\"\\\".");
  auto trailing_backslash = encode_docstring("Ends with \\");
  CHECK(trailing_backslash.prefix.empty());
  CHECK(trailing_backslash.lines[0] == "Ends with \\\\");
  // Single quotes: only ''' matters.
  auto single = encode_docstring("Say \"\"\" here.", "'''");
  CHECK(single.lines[0] == "Say \"\"\" here.");
}

TEST_CASE("layout: one-liners stay on one line, summary_on_new_line", "[insert]") {
  DocstringLiteral lit{"", "\"\"\"", {"Sum.", "", "Args:", "    x: X."}, false, {}};
  CHECK(layout_literal(lit, "\t", "\r\n") ==
        "\"\"\"Sum.\r\n\r\n\tArgs:\r\n\t    x: X.\r\n\t\"\"\"");
  lit.summary_on_new_line = true;
  CHECK(layout_literal(lit, "  ", "\n") == "\"\"\"\n  Sum.\n\n  Args:\n      x: X.\n  \"\"\"");
  DocstringLiteral one{"", "'''", {"Sum."}, true, {}};
  CHECK(layout_literal(one, "  ", "\n") == "'''Sum.'''");
  // An updated docstring's own text between the quotes is written as it is.
  lit.body = "Sum.  \r\n\r\n  Args:\r\n\t x: X.\r\n\r\n   ";
  CHECK(layout_literal(lit, "    ", "\n") ==
        "\"\"\"Sum.  \r\n\r\n  Args:\r\n\t x: X.\r\n\r\n   \"\"\"");
}

TEST_CASE("insert below the header with the body's indentation", "[insert]") {
  std::string src = "def f(x):\n    # why\n    return x\n";
  auto d = at(src, "f(x):", "return", "    ");
  CHECK(place(src, d, "Return x.") ==
        "def f(x):\n    \"\"\"Return x.\"\"\"\n    # why\n    return x\n");
}

TEST_CASE("tabs and CRLF are kept", "[insert]") {
  std::string src = "def f(x):\r\n\treturn x\r\n";
  auto d = at(src, "f(x):", "return", "\t");
  CHECK(place(src, d, "Sum.\n\nArgs:\n    x: X.") ==
        "def f(x):\r\n\t\"\"\"Sum.\r\n\r\n\tArgs:\r\n\t    x: X.\r\n\t\"\"\"\r\n\treturn x\r\n");
}

TEST_CASE("lone CR line ends (as CPython reads them) are kept", "[insert]") {
  std::string src = "def f(x):\r    return x\r";
  auto d = at(src, "f(x):", "return", "    ");
  CHECK(place(src, d, "Sum.\n\nMore.") ==
        "def f(x):\r    \"\"\"Sum.\r\r    More.\r    \"\"\"\r    return x\r");
  CHECK(detect_eol("a = 1\rb = 2\n") == "\r");
  CHECK(detect_eol("a = 1\r\nb = 2\n") == "\r\n");
}

TEST_CASE("a one-line def becomes a block", "[insert]") {
  std::string src = "def f(x): return x  # ok\n";
  auto d = at(src, "f(x):", "return", "    ", true);
  CHECK(place(src, d, "Return x.") == "def f(x):\n    \"\"\"Return x.\"\"\"\n    return x  # ok\n");
  std::string cls = "    class A: pass\n";
  auto c = at(cls, "A:", "pass", "        ", true);
  CHECK(place(cls, c, "A.") == "    class A:\n        \"\"\"A.\"\"\"\n        pass\n");
}

TEST_CASE("an existing docstring is replaced in place", "[insert]") {
  std::string src = "def f():\n    'Old.'\n    return 1\n";
  auto d = at(src, "f():", "'Old.'", "    ");
  parser::ExistingDocstring doc;
  doc.range.start_byte = static_cast<uint32_t>(src.find("'Old.'"));
  doc.range.end_byte = doc.range.start_byte + 6;
  d.docstring = doc;
  CHECK(place(src, d, "New.\n\nMore.") ==
        "def f():\n    \"\"\"New.\n\n    More.\n    \"\"\"\n    return 1\n");
  // On the header line: a one-liner stays there, a longer one moves below.
  std::string one = "def f(): 'Old.'\n";
  auto d1 = at(one, "f():", "'Old.'", "    ", true);
  doc.range.start_byte = static_cast<uint32_t>(one.find("'Old.'"));
  doc.range.end_byte = doc.range.start_byte + 6;
  d1.docstring = doc;
  CHECK(place(one, d1, "New.") == "def f(): \"\"\"New.\"\"\"\n");
  CHECK(place(one, d1, "New.\n\nMore.") == "def f():\n    \"\"\"New.\n\n    More.\n    \"\"\"\n");
}

TEST_CASE("module docstrings go after shebang, encoding and comment lines", "[insert]") {
  parser::Definition m;
  m.kind = parser::DefKind::Module;
  std::string src = "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n\nimport os\n";
  CHECK(place(src, m, "Tools.") ==
        "#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n\n\"\"\"Tools.\"\"\"\n\nimport os\n");
  std::string bom = "\xEF\xBB\xBFimport os\r\n";
  CHECK(place(bom, m, "Tools.") == "\xEF\xBB\xBF\"\"\"Tools.\"\"\"\r\n\r\nimport os\r\n");
  CHECK(place("# only a comment", m, "Tools.") == "# only a comment\n\"\"\"Tools.\"\"\"\n");
  CHECK(place("", m, "Tools.") == "\"\"\"Tools.\"\"\"\n");
}

TEST_CASE("apply_edits applies from the end and refuses overlaps", "[insert]") {
  CHECK(apply_edits("abcdef", {{4, 5, "X"}, {0, 1, "YY"}, {2, 2, "-"}}) == "YYb-cdXf");
  CHECK_THROWS_AS(apply_edits("abcdef", {{0, 3, "X"}, {2, 4, "Y"}}), std::invalid_argument);
  CHECK_THROWS_AS(apply_edits("abc", {{2, 9, "X"}}), std::invalid_argument);
  CHECK(detect_eol("a\r\nb\n") == "\r\n");
  CHECK(detect_eol("a\nb\r\n") == "\n");
  CHECK(detect_eol("") == "\n");
}
