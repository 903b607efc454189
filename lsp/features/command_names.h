// The workspace/executeCommand commands of the server: their names on the wire, in one place
// (the editor plugins and the tests spell them out as the client sends them).
#pragma once

namespace axl::lsp::command_names {

// One definition: `[{uri, version, index, def}]`, the `data` of a code action.
inline constexpr const char* kGenerateDocstring = "axl-docs.generateDocstring";
// Every definition of the file without a docstring: `[{uri, version?}]`.
inline constexpr const char* kGenerateFileDocstrings = "axl-docs.generateFileDocstrings";

} // namespace axl::lsp::command_names
