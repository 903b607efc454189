// Reads the text of an existing docstring into sections (google, numpy, sphinx, epytext).
//
// Two views: parse_docstring_sections() fills ExistingDocstring's plain fields (what hover and
// diagnostics need); parse_docstring_layout() also keeps where every section and item sits, line by
// line, so that the docstring updater can change one item and leave every other line as written.
#pragma once

#include "parser/definition.h"

#include <string>
#include <string_view>
#include <vector>

namespace axl::parser {

// inspect.cleandoc-like: CR dropped, the first line's leading blanks removed, the common
// indentation of the other lines removed (a tab counts as one character), trailing blanks of every
// line and leading/trailing blank lines removed. Escape sequences stay as written.
std::vector<std::string> clean_docstring_lines(std::string_view raw_body);
std::string clean_docstring(std::string_view raw_body);

enum class DocSectionKind {
  Params,      // Args / Parameters / :param: / @param
  OtherParams, // Keyword Args / Other Parameters / :keyword: (documented, never reported as extra)
  Returns,
  Yields,
  Raises,
  Attributes,
  Other, // Examples, Notes, ... (kept verbatim)
};

struct LineSpan {
  size_t begin = 0; // first line
  size_t end = 0;   // one past the last line (trailing blank lines excluded)
};

struct DocItemSpan {
  DocItem item;                // name as written ("*args" keeps its stars; "\*" is unescaped)
  std::vector<LineSpan> spans; // google/numpy: one; sphinx/epytext: the field line and its :type:
};

struct DocSectionSpan {
  DocSectionKind kind = DocSectionKind::Other;
  std::string title;       // "Args", "Parameters" (empty for sphinx/epytext field groups)
  LineSpan lines;          // header included; sphinx/epytext: first to last field of the group
  size_t items_begin = 0;  // first line after the header (sphinx/epytext: lines.begin)
  std::string item_indent; // indentation of the items' first lines (relative to the docstring)
  std::vector<DocItemSpan> items;
};

struct DocLayout {
  DocStyle style = DocStyle::Unknown;
  std::vector<std::string> lines;       // cleaned lines
  size_t preamble_end = 0;              // summary + description: lines [0, preamble_end)
  std::vector<DocSectionSpan> sections; // in document order
};

DocStyle detect_docstring_style(const std::vector<std::string>& lines);

// `text` is cleaned text (clean_docstring). `style` Unknown = detect.
DocLayout parse_docstring_layout(std::string_view text, DocStyle style = DocStyle::Unknown);

// Fills doc.text, doc.style, doc.summary and the section items from doc.raw_body.
void parse_docstring_sections(ExistingDocstring& doc);

} // namespace axl::parser
