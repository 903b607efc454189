#include "allocator.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace axl::lsp {

void tune_allocator() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 256 * 1024); // fixed: no longer raised by the first big free
#endif
}

void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

} // namespace axl::lsp
