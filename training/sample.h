// One training/evaluation sample: a documented definition's code (docstring removed) and its
// docstring.
#pragma once

#include "parser/definition.h"

#include <cstdint>
#include <string>
#include <vector>

namespace axl::training {

enum class Split : uint8_t { Train = 0, Val = 1, Test = 2 };
constexpr Split kSplits[] = {Split::Train, Split::Val, Split::Test};
const char* split_name(Split s);

struct ParamDoc {
  std::string name;        // as in the signature (no stars)
  std::string description; // one line: the docstring's lines joined with spaces
};

struct Sample {
  std::string package;        // Debian package, or the root folder's name for PATH inputs
  std::string path;           // absolute for packages, relative to the root for PATH inputs
  std::string qualified_name; // "Client.fetch"
  parser::DefKind kind = parser::DefKind::Function;
  std::vector<std::string> decorators; // as written after '@' (the code window drops them)
  std::string code;                    // parser::context_window(source, def, 256): the model's view
  std::string docstring;               // cleaned docstring text (ExistingDocstring::text)
  std::string summary;                 // first paragraph on one line
  std::vector<ParamDoc> params; // documented parameters that the signature really has, in order
  std::string returns;          // the Returns section's description, one line ("" if none)
  Split split = Split::Train;
};

} // namespace axl::training
