#include "annotate/source_file.h"

#include <catch2/catch.hpp>

using namespace axl::annotate;

TEST_CASE("decode_source keeps what must come back and refuses what it cannot edit") {
  std::string why;
  auto s = decode_source("\xEF\xBB\xBFx = 1\r\ny = 2\n", 1 << 20, why);
  REQUIRE(s);
  CHECK(s->bom);
  CHECK(s->newline == "\r\n");
  CHECK(s->text == "x = 1\r\ny = 2\n");
  CHECK(encode_source(*s, why) == "\xEF\xBB\xBFx = 1\r\ny = 2\n");

  CHECK_FALSE(decode_source("\xFF\xFEx\0", 1 << 20, why));
  CHECK(why.find("UTF-16") != std::string::npos);
  CHECK_FALSE(decode_source("x = '\xE9'\n", 1 << 20, why));
  CHECK(why.find("not valid UTF-8 (byte offset 5)") != std::string::npos);
  CHECK_FALSE(decode_source(std::string("x\0y", 3), 1 << 20, why));
  CHECK(why == "contains NUL bytes");
  CHECK_FALSE(decode_source(std::string(100, 'x'), 10, why));
  CHECK(why.find("size cap") != std::string::npos);
}

TEST_CASE("PEP 263 cookies: a declared encoding is decoded with iconv and written back in it") {
  std::string why;
  std::string bytes = "#!/usr/bin/python\n# vim: set fileencoding=latin-1 :\nx = '\xE9'\n";
  auto latin = decode_source(bytes, 1 << 20, why);
  REQUIRE(latin);
  CHECK(latin->declared_encoding == "latin-1");
  CHECK(latin->codec == "iso-8859-1");
  CHECK(latin->text == "#!/usr/bin/python\n# vim: set fileencoding=latin-1 :\nx = '\u00e9'\n");
  CHECK(encode_source(*latin, why) == bytes);
  latin->text += "y = '\u00fc'\n";
  CHECK(encode_source(*latin, why) == bytes + "y = '\xFC'\n");
  latin->text += "z = '\u015d'\n"; // no such letter in latin-1
  CHECK_FALSE(encode_source(*latin, why));
  CHECK(why == "declares encoding 'latin-1', which cannot hold the new text (line 5)");

  auto cp1252 = decode_source("# coding: cp1252\nx = '\x80'\n", 1 << 20, why);
  REQUIRE(cp1252);
  CHECK(cp1252->text == "# coding: cp1252\nx = '\u20ac'\n");

  auto utf8 = decode_source("# -*- coding: UTF_8 -*-\nx = 1\n", 1 << 20, why);
  REQUIRE(utf8);
  CHECK(utf8->codec.empty());
  auto third_line = decode_source("\n\n# coding: latin-1\nx = '\xE9'\n", 1 << 20, why);
  CHECK_FALSE(third_line); // only lines 1 and 2 count: this is (invalid) UTF-8
  CHECK(why.find("not valid UTF-8") != std::string::npos);

  CHECK_FALSE(decode_source("# coding: klingon-8\nx = 1\n", 1 << 20, why));
  CHECK(why == "declares encoding 'klingon-8', which iconv does not know");
  CHECK_FALSE(decode_source("# coding: utf-16\nx = 12\n", 1 << 20, why));
  CHECK(why.find("does not convert to UTF-8 and back unchanged") != std::string::npos);
  CHECK_FALSE(decode_source("# coding: euc-jp\nx = '\xFF\xFF'\n", 1 << 20, why));
  CHECK(why.find("not valid euc-jp (byte offset") != std::string::npos);
  CHECK_FALSE(decode_source("\xEF\xBB\xBF# coding: latin-1\nx = 1\n", 1 << 20, why));
  CHECK(why.find("BOM") != std::string::npos);
}
