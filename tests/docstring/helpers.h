// Hand-built definitions for the docstring tests.
#pragma once

#include "docstring/heuristic_summary.h"
#include "parser/definition.h"
#include "parser/python_parser.h"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

namespace axl::test {

inline parser::Parameter param(std::string name, std::optional<std::string> ann = std::nullopt,
                               std::optional<std::string> def = std::nullopt,
                               parser::ParamKind kind = parser::ParamKind::Normal) {
  parser::Parameter p;
  p.name = std::move(name);
  p.annotation = std::move(ann);
  p.default_value = std::move(def);
  p.kind = kind;
  return p;
}

inline parser::Parameter self_param() {
  auto p = param("self");
  p.is_self_or_cls = true;
  return p;
}

inline parser::Definition function(std::string name, std::vector<parser::Parameter> params = {},
                                   std::optional<std::string> ret = std::nullopt) {
  parser::Definition d;
  d.kind = parser::DefKind::Function;
  d.name = name;
  d.qualified_name = name;
  d.params = std::move(params);
  d.return_annotation = std::move(ret);
  d.depth = 1;
  d.body_indent = "    ";
  return d;
}

inline parser::Definition method(std::string cls, std::string name,
                                 std::vector<parser::Parameter> params = {},
                                 std::optional<std::string> ret = std::nullopt) {
  auto d = function(name, std::move(params), std::move(ret));
  d.kind = parser::DefKind::Method;
  d.qualified_name = cls + "." + name;
  d.params.insert(d.params.begin(), self_param());
  d.depth = 2;
  d.body_indent = "        ";
  return d;
}

inline const parser::Definition& find_def(const parser::ParseResult& pr, std::string_view qname) {
  for (const auto& d : pr.definitions)
    if (d.qualified_name == qname) return d;
  FAIL("no definition " << qname);
  return pr.definitions.front();
}

} // namespace axl::test
