#include "docstring/style.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace axl::docstring {

std::optional<Style> parse_style(std::string_view name) {
  std::string n(name);
  std::transform(n.begin(), n.end(), n.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (n == "google") return Style::Google;
  if (n == "numpy" || n == "numpydoc") return Style::Numpy;
  if (n == "sphinx" || n == "rest" || n == "restructuredtext") return Style::Sphinx;
  if (n == "epytext") return Style::Epytext;
  if (n == "pep257") return Style::Pep257;
  return std::nullopt;
}

std::string_view style_name(Style style) {
  switch (style) {
  case Style::Google:
    return "google";
  case Style::Numpy:
    return "numpy";
  case Style::Sphinx:
    return "sphinx";
  case Style::Epytext:
    return "epytext";
  case Style::Pep257:
    return "pep257";
  }
  return "google";
}

std::optional<Style> from_doc_style(parser::DocStyle style) {
  switch (style) {
  case parser::DocStyle::Google:
    return Style::Google;
  case parser::DocStyle::Numpy:
    return Style::Numpy;
  case parser::DocStyle::Sphinx:
    return Style::Sphinx;
  case parser::DocStyle::Epytext:
    return Style::Epytext;
  case parser::DocStyle::Pep257:
    return Style::Pep257;
  case parser::DocStyle::Unknown:
    return std::nullopt;
  }
  return std::nullopt;
}

parser::DocStyle to_doc_style(Style style) {
  switch (style) {
  case Style::Google:
    return parser::DocStyle::Google;
  case Style::Numpy:
    return parser::DocStyle::Numpy;
  case Style::Sphinx:
    return parser::DocStyle::Sphinx;
  case Style::Epytext:
    return parser::DocStyle::Epytext;
  case Style::Pep257:
    return parser::DocStyle::Pep257;
  }
  return parser::DocStyle::Unknown;
}

} // namespace axl::docstring
