// The Debian packages whose own files may be trained on (DESIGN.md, "Training data: an allowlist").
// scripts/install-corpus installs the same list (tests/training checks that they agree).
#pragma once

#include <span>
#include <string_view>

namespace axl::training {

std::span<const std::string_view> corpus_allowlist();
bool in_allowlist(std::string_view package);

} // namespace axl::training
