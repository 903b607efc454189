#include "annotate/source_file.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace axl::annotate;

TEST_CASE("decode_source keeps what must come back and refuses what it cannot edit") {
  std::string why;
  auto s = decode_source("\xEF\xBB\xBFx = 1\r\ny = 2\n", 1 << 20, why);
  REQUIRE(s);
  CHECK(s->bom);
  CHECK(s->newline == "\r\n");
  CHECK(s->text == "x = 1\r\ny = 2\n");
  CHECK(encode_source(*s) == "\xEF\xBB\xBFx = 1\r\ny = 2\n");

  CHECK_FALSE(decode_source("\xFF\xFEx\0", 1 << 20, why));
  CHECK(why.find("UTF-16") != std::string::npos);
  CHECK_FALSE(decode_source("x = '\xE9'\n", 1 << 20, why));
  CHECK(why.find("not valid UTF-8 (byte offset 5)") != std::string::npos);
  CHECK_FALSE(decode_source(std::string("x\0y", 3), 1 << 20, why));
  CHECK(why == "contains NUL bytes");
  CHECK_FALSE(decode_source(std::string(100, 'x'), 10, why));
  CHECK(why.find("size cap") != std::string::npos);
}

TEST_CASE("PEP 263 cookies: a non-UTF-8 declaration asks for ASCII-only edits") {
  std::string why;
  auto latin =
      decode_source("#!/usr/bin/python\n# vim: set fileencoding=latin-1 :\nx = 1\n", 1 << 20, why);
  REQUIRE(latin);
  CHECK(latin->ascii_only);
  CHECK(latin->declared_encoding == "latin-1");
  auto utf8 = decode_source("# -*- coding: UTF_8 -*-\nx = 1\n", 1 << 20, why);
  REQUIRE(utf8);
  CHECK_FALSE(utf8->ascii_only);
  auto third_line = decode_source("\n\n# coding: latin-1\n", 1 << 20, why);
  REQUIRE(third_line);
  CHECK_FALSE(third_line->ascii_only); // only lines 1 and 2 count
}

TEST_CASE("atomic writes keep permissions and symlinks, and leave nothing behind") {
  axl::test::TempDir dir;
  auto target = dir.write("real.py", "old\n");
  ::chmod(target.c_str(), 0750);
  auto link = dir.path / "link.py";
  std::filesystem::create_symlink(target, link);
  write_file_atomically(link, "new\n");
  CHECK(std::filesystem::is_symlink(link));
  CHECK(read_file(target) == "new\n");
  struct stat st {};
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0750);
  size_t entries = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir.path)) ++entries;
  CHECK(entries == 2);
}

TEST_CASE("I/O errors are clear messages") {
  axl::test::TempDir dir;
  CHECK_THROWS_WITH(read_file(dir.path / "nope.py"), Catch::Contains("no such file or directory"));
  CHECK_THROWS_WITH(read_file(dir.path), Catch::Contains("is a directory"));
  CHECK_THROWS_WITH(write_file_atomically(dir.path / "missing" / "x.py", "x"),
                    Catch::Contains("cannot stat"));
}
