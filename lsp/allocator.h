// How the server asks the C allocator to give memory back. A big document's text, line index,
// tree and definitions are replaced on every parse; with glibc's defaults the freed blocks stay
// in per-thread arenas (the mmap threshold rises after the first big free, and an arena only
// shrinks from its top), so RSS grew with the number of edits and stayed when idle (bench/lsp).
#pragma once

#include <cstddef>

namespace axl::lsp {

// Called once at start-up: big blocks are mmap()ed, so freeing one unmaps it.
void tune_allocator();
// Returns free pages of every arena to the system; called after replacing a big document's
// parse, on the parse thread (it walks the arenas: milliseconds, not for every small document).
void release_free_memory();

} // namespace axl::lsp
