// Definition facts + prose -> docstring text in one of the five styles.
//
// The result is the docstring's value: lines without the body indentation and without quotes
// (insert.h turns it into a literal). Sections come only from the Definition; the DocText only
// supplies words (missing words are filled from the heuristic).
#pragma once

#include "docstring/doc_text.h"
#include "docstring/options.h"
#include "parser/definition.h"
#include "parser/docstring_sections.h"

#include <string>
#include <vector>

namespace axl::docstring {

// `indent_columns` is the width of the body indentation the docstring will sit at; lines are
// wrapped so that indentation + text <= opts.width.
std::vector<std::string> render_lines(const parser::Definition& def, const DocText& text,
                                      const RenderOptions& opts, int indent_columns = 0);
std::string render_docstring(const parser::Definition& def, const DocText& text,
                             const RenderOptions& opts, int indent_columns = 0);

// One documented entry, ready to print: name as shown ("*args"), type ("" = none), description
// (the default-value sentence already added).
struct RenderItem {
  std::string name;
  std::string type;
  std::string description;
};

// Items of each kind for `def` (what render_lines prints).
std::vector<RenderItem> param_items(const parser::Definition& def, const DocText& text,
                                    const RenderOptions& opts);
RenderItem param_item(const parser::Parameter& p, const DocText& text, Style style,
                      bool include_types);
RenderItem returns_item(const parser::Definition& def, const DocText& text, Style style,
                        bool include_types);
RenderItem yields_item(const parser::Definition& def, const DocText& text, Style style,
                       bool include_types);
RenderItem raises_item(std::string_view exception, const DocText& text);

// Entries of one section. google/numpy: indented by `item_indent` (the section header is not
// included); sphinx/epytext: field lines. `width` counts from the docstring's left edge.
std::vector<std::string> render_items(Style style, parser::DocSectionKind kind,
                                      const std::vector<RenderItem>& items, int width,
                                      std::string_view item_indent = "    ");
// Header (google "Args:", numpy "Parameters" + dashes) + items; sphinx/epytext: items only.
std::vector<std::string> render_section(Style style, parser::DocSectionKind kind,
                                        const std::vector<RenderItem>& items, int width);

// " Defaults to X." unless the description already speaks of a default.
std::string with_default(std::string description, const std::optional<std::string>& default_value);

} // namespace axl::docstring
