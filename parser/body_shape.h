// BodyShape (definition.h) from a function's body node: the top-level statements only, plus a
// bounded look into a returned inner function (decorators).
#pragma once

#include "parser/definition.h"

#include <tree_sitter/api.h>

#include <cstring>
#include <string_view>
#include <vector>

namespace axl::parser {

namespace ts { // tree-sitter shorthands shared with definitions.cpp
inline std::string_view type_of(TSNode n) {
  return ts_node_type(n);
}
inline TSNode field(TSNode n, const char* name) {
  return ts_node_child_by_field_name(n, name, static_cast<uint32_t>(std::strlen(name)));
}
} // namespace ts

// `body` is the function's block, `src` the text it was parsed from, `params` its parameters
// (the bound self/cls marked).
BodyShape read_body_shape(TSNode body, std::string_view src, const std::vector<Parameter>& params);

} // namespace axl::parser
