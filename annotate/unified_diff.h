// `diff -u`-style output for --diff.
#pragma once

#include <string>

namespace axl::annotate {

// Unified diff of two texts with `--- a/<from>` / `+++ b/<to>` headers and 3 lines of context.
// Empty when the texts are equal. A missing final newline is marked as `diff` does.
std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& from_name, const std::string& to_name);

} // namespace axl::annotate
