// How a docstring is rendered and placed.
#pragma once

#include "docstring/style.h"

#include <string>

namespace axl::docstring {

// Where the parameters of `__init__` are documented.
enum class InitArgs {
  InClass, // the class docstring has Args/Parameters; __init__ gets a summary only (numpydoc,
           // napoleon)
  InInit,  // __init__'s own docstring documents its parameters; the class has none
};

struct RenderOptions {
  Style style = Style::Google;
  std::string quote = "\"\"\""; // "\"\"\"" or "'''"
  bool include_types = true;    // types from annotations (pydoclint's default expectation)
  bool summary_on_new_line =
      false;                    // `"""` alone on the first line (D213); one-liners stay one line
  int width = 88;               // wrap prose to this many columns, indentation included
  bool include_private = false; // also document _private definitions (and private attributes)
  InitArgs init_args = InitArgs::InClass;
};

} // namespace axl::docstring
