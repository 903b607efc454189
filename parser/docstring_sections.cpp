#include "parser/docstring_sections.h"

namespace axl::parser {

// Minimal reader (cleaned text + summary); section parsing is filled in by the docstring work.
void parse_docstring_sections(ExistingDocstring& doc) {
  doc.text = doc.raw_body;
  size_t b = doc.text.find_first_not_of(" \t\r\n");
  doc.text = b == std::string::npos ? "" : doc.text.substr(b);
  size_t e = doc.text.find("\n\n");
  doc.summary = doc.text.substr(0, e);
}

} // namespace axl::parser
