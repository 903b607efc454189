// Reads the text of an existing docstring into sections (google, numpy, sphinx, epytext).
#pragma once

#include "parser/definition.h"

namespace axl::parser {

// Fills doc.text, doc.style, doc.summary and the section items from doc.raw_body.
void parse_docstring_sections(ExistingDocstring& doc);

} // namespace axl::parser
