#pragma once

#include "parser/python_parser.h"

#include <catch2/catch.hpp>

namespace axl::parser::test {

inline const Definition& find_def(const ParseResult& r, std::string_view qualified_name) {
  for (const auto& d : r.definitions)
    if (d.qualified_name == qualified_name) return d;
  FAIL("no definition named " << qualified_name);
  throw std::logic_error("unreachable");
}

inline std::string slice(std::string_view src, const Range& r) {
  return std::string(src.substr(r.start_byte, r.end_byte - r.start_byte));
}

} // namespace axl::parser::test
