#include "docstring/style.h"

#include "docstring/options_table.h"

namespace axl::docstring {

std::optional<Style> parse_style(std::string_view name) {
  auto i = parse_choice(style_option(), name);
  if (!i) return std::nullopt;
  return static_cast<Style>(*i);
}

std::string_view style_name(Style style) {
  return style_option().choices.at(static_cast<size_t>(style)).name;
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
