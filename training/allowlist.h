// The Debian packages whose own files may be trained on: training/allowlist.txt, compiled in.
// scripts/install-corpus reads the same file. Every other package is kept for held-out evaluation.
#pragma once

#include <span>
#include <string_view>

namespace axl::training {

// In the file's order; '#' comments and blank lines are skipped.
std::span<const std::string_view> corpus_allowlist();
bool in_allowlist(std::string_view package);

} // namespace axl::training
