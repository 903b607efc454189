#include "lsp/document_store.h"

#include <tree_sitter/api.h>

#include <catch2/catch.hpp>

#include <random>

using namespace axl::lsp;

namespace {

std::string sexp(const axl::parser::SyntaxTree& t) {
  char* s = ts_node_string(ts_tree_root_node(t.raw()));
  std::string out(s);
  free(s);
  return out;
}

ContentChange change(uint32_t l1, uint32_t c1, uint32_t l2, uint32_t c2, std::string text) {
  return {Range{{l1, c1}, {l2, c2}}, std::move(text)};
}

// The text side and the parse side together, as the server runs them (on one thread here).
struct Doc {
  Document text;
  ParsedDocument parsed;
  axl::parser::PythonParser parser;
  std::shared_ptr<const Snapshot> snap;
  Doc(std::string uri, std::string t) : text(uri, 1), parsed(uri) {
    snap = parsed.update(text.open_update(std::move(t)), parser);
  }
  void apply(const std::vector<ContentChange>& changes, int64_t version, PositionEncoding enc) {
    snap = parsed.update(text.apply(changes, version, enc), parser);
  }
};

} // namespace

TEST_CASE("documents: incremental changes apply in order", "[lsp][documents]") {
  Doc doc("file:///m.py", "def f(a):\n    return a\n");
  doc.apply({change(0, 6, 0, 7, "value"), change(1, 11, 1, 12, "value")}, 2,
            PositionEncoding::Utf16);
  CHECK(doc.parsed.text() == "def f(value):\n    return value\n");
  CHECK(doc.text.version() == 2);
  CHECK(doc.snap->version == 2);
  CHECK(doc.snap->parsed.definitions[1].params[0].name == "value");
  doc.apply({ContentChange{std::nullopt, "x = 1\n"}, change(0, 4, 0, 5, "2")}, 3,
            PositionEncoding::Utf16);
  CHECK(doc.parsed.text() == "x = 2\n");
  CHECK(doc.snap->text == "x = 2\n");
}

TEST_CASE("documents: columns in utf-16, utf-8 and utf-32 with non-ASCII and astral text",
          "[lsp][documents]") {
  // "é" is 2 bytes / 1 utf-16 unit; "😀" is 4 bytes / 2 utf-16 units / 1 code point.
  const std::string text = "s = 'é😀x'\n";
  struct Case {
    PositionEncoding enc;
    uint32_t col_of_x;
  } cases[] = {
      {PositionEncoding::Utf8, 11}, {PositionEncoding::Utf16, 8}, {PositionEncoding::Utf32, 7}};
  for (auto c : cases) {
    Doc doc("file:///u.py", text);
    doc.apply({change(0, c.col_of_x, 0, c.col_of_x + 1, "y")}, 2, c.enc);
    CHECK(doc.parsed.text() == "s = 'é😀y'\n");
  }
}

TEST_CASE("documents: CRLF lines and out-of-range positions are clamped", "[lsp][documents]") {
  Doc doc("file:///c.py", "a = 1\r\nb = 2\r\n");
  doc.apply({change(0, 99, 0, 99, "0")}, 2, PositionEncoding::Utf16);
  CHECK(doc.parsed.text() == "a = 10\r\nb = 2\r\n");
  doc.apply({change(50, 0, 60, 0, "c = 3\r\n")}, 3, PositionEncoding::Utf16);
  CHECK(doc.parsed.text() == "a = 10\r\nb = 2\r\nc = 3\r\n");
  auto snap = doc.snap;
  CHECK(snap->to_position(static_cast<uint32_t>(snap->text.find('b')), PositionEncoding::Utf16) ==
        Position{1, 0});
}

// Property: random incremental edits (in utf-16 positions) keep the text identical to a reference
// edited by code points, and the incrementally re-parsed tree identical to a fresh parse.
TEST_CASE("documents: random incremental edits match a reference", "[lsp][documents][property]") {
  const std::vector<std::u32string> pieces = {
      U"def ", U"f(x)", U":\n", U"    ", U"return x\n", U"é", U"😀", U"\"\"\"",
      U"\r\n", U"# c",  U"",    U"\t",   U"class C:\n", U"(", U")"};
  std::mt19937 rng(1234);
  for (int round = 0; round < 40; ++round) {
    std::u32string ref = U"def g(a, b):\n    return a + b\n";
    auto to_utf8 = [](const std::u32string& s) {
      std::string out;
      for (char32_t c : s) {
        if (c < 0x80)
          out += static_cast<char>(c);
        else if (c < 0x800) {
          out += static_cast<char>(0xC0 | (c >> 6));
          out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
          out += static_cast<char>(0xE0 | (c >> 12));
          out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
          out += static_cast<char>(0xF0 | (c >> 18));
          out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
          out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (c & 0x3F));
        }
      }
      return out;
    };
    // (line, utf-16 column) of code point index i; lines split at '\n' only.
    auto pos16 = [&](size_t i) {
      Position p;
      for (size_t k = 0; k < i; ++k) {
        if (ref[k] == U'\n') {
          ++p.line;
          p.character = 0;
        } else {
          p.character += ref[k] >= 0x10000 ? 2 : 1;
        }
      }
      return p;
    };
    Doc doc("file:///p.py", to_utf8(ref));
    for (int step = 0; step < 25; ++step) {
      std::vector<ContentChange> changes;
      int n = 1 + static_cast<int>(rng() % 3);
      for (int k = 0; k < n; ++k) {
        size_t a = rng() % (ref.size() + 1), b = rng() % (ref.size() + 1);
        if (a > b) std::swap(a, b);
        // Never split a "\r\n" pair: an editor's positions cannot point between them.
        if (a > 0 && a < ref.size() && ref[a - 1] == U'\r' && ref[a] == U'\n') --a;
        if (b > 0 && b < ref.size() && ref[b - 1] == U'\r' && ref[b] == U'\n') --b;
        if (a > b) std::swap(a, b);
        std::u32string ins = pieces[rng() % pieces.size()];
        changes.push_back({Range{pos16(a), pos16(b)}, to_utf8(ins)});
        ref.replace(a, b - a, ins);
      }
      // Some updates are superseded (no extraction), as when edits arrive faster than parses.
      bool extract = rng() % 2;
      auto update = doc.text.apply(changes, step + 2, PositionEncoding::Utf16);
      doc.parsed.update(update, doc.parser, extract);
      REQUIRE(doc.parsed.text() == to_utf8(ref));
      axl::parser::PythonParser fresh;
      REQUIRE(sexp(doc.parsed.tree()) == sexp(fresh.parse(doc.parsed.text())));
    }
  }
}

TEST_CASE("documents: module names from URIs", "[lsp][documents]") {
  CHECK(module_name_from_uri("file:///a/b/util.py") == "util");
  CHECK(module_name_from_uri("untitled:Untitled-1") == "untitled:Untitled-1");
}

TEST_CASE("documents: a lone \\r ends a line (LSP 3.17)", "[lsp][documents]") {
  Doc doc("file:///r.py", "a = 1\rb = 2\r\nc = 3\n");
  doc.apply({change(1, 4, 1, 5, "20")}, 2, PositionEncoding::Utf16);
  CHECK(doc.parsed.text() == "a = 1\rb = 20\r\nc = 3\n");
  doc.apply({change(2, 0, 2, 1, "d"), change(0, 99, 1, 0, "\r\rb")}, 3, PositionEncoding::Utf16);
  CHECK(doc.parsed.text() == "a = 1\r\rbb = 20\r\nd = 3\n");
  auto snap = doc.snap;
  CHECK(snap->to_position(static_cast<uint32_t>(snap->text.find('b')), PositionEncoding::Utf16) ==
        Position{2, 0});
  CHECK(snap->to_position(static_cast<uint32_t>(snap->text.find('d')), PositionEncoding::Utf16) ==
        Position{3, 0});
  axl::parser::PythonParser fresh;
  CHECK(sexp(doc.parsed.tree()) == sexp(fresh.parse(doc.parsed.text())));
}

TEST_CASE("documents: updates waiting for the parse thread are coalesced into one",
          "[lsp][documents]") {
  Doc doc("file:///c.py", "def f(a):\n    return a\n");
  // A burst of edits while the parse thread is busy: one waiting update, one copy of the text.
  CHECK(doc.parsed.offer(doc.text.apply({change(0, 6, 0, 7, "bb")}, 2, PositionEncoding::Utf8)));
  CHECK_FALSE(
      doc.parsed.offer(doc.text.apply({change(1, 11, 1, 12, "bb")}, 3, PositionEncoding::Utf8)));
  CHECK_FALSE(
      doc.parsed.offer(doc.text.apply({change(0, 4, 0, 5, "g")}, 4, PositionEncoding::Utf8)));
  TextUpdate merged = doc.parsed.take();
  CHECK(merged.version == 4);
  CHECK(merged.changes.size() == 3);
  auto snap = doc.parsed.update(merged, doc.parser);
  CHECK(doc.parsed.text() == "def g(bb):\n    return bb\n");
  axl::parser::PythonParser fresh;
  CHECK(sexp(doc.parsed.tree()) == sexp(fresh.parse(doc.parsed.text())));
  CHECK(snap->parsed.definitions[1].params[0].name == "bb");
  // Taken: the next offer schedules a parse again; a full replacement drops the edits before it.
  CHECK(doc.parsed.offer(doc.text.apply({change(0, 0, 0, 0, "#\n")}, 5, PositionEncoding::Utf8)));
  CHECK_FALSE(doc.parsed.offer(
      doc.text.apply({ContentChange{std::nullopt, "x = 1\n"}}, 6, PositionEncoding::Utf8)));
  merged = doc.parsed.take();
  REQUIRE(merged.changes.size() == 1);
  CHECK_FALSE(merged.changes[0].range);
  CHECK(merged.changes[0].text == "x = 1\n");
}

TEST_CASE("documents: the I/O side passes edits on without touching the text", "[lsp][documents]") {
  // A keystroke in a multi-megabyte document: the update is the keystroke, not a copy of the
  // document, and nothing on the I/O side scans the text.
  std::string big(3u << 20, 'x');
  big += "\n";
  Doc doc("file:///big.py", big);
  TextUpdate u = doc.text.apply({change(0, 0, 0, 0, "#")}, 2, PositionEncoding::Utf16);
  REQUIRE(u.changes.size() == 1);
  CHECK(u.changes[0].text == "#");
  CHECK(u.version == 2);
  CHECK(doc.text.version() == 2);
  CHECK(doc.parsed.text().size() == big.size()); // applied only by the parse side
  doc.snap = doc.parsed.update(u, doc.parser);
  CHECK(doc.parsed.text().size() == big.size() + 1);
  CHECK(doc.snap->text.front() == '#');
}

TEST_CASE("documents: tree edits across lone \\r lines keep the tree equal to a fresh parse",
          "[lsp][documents]") {
  Doc doc("file:///cr.py", "def f(a):\r    return a\r\rdef g(b):\n    return b\n");
  doc.apply({change(3, 6, 3, 7, "bb"), change(4, 11, 4, 12, "bb")}, 2, PositionEncoding::Utf16);
  CHECK(doc.parsed.text() == "def f(a):\r    return a\r\rdef g(bb):\n    return bb\n");
  axl::parser::PythonParser fresh;
  CHECK(sexp(doc.parsed.tree()) == sexp(fresh.parse(doc.parsed.text())));
}
