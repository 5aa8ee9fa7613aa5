#include "core/allocator.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace deblur {

void reuse_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 256 << 20);  // blocks below 256 MB come from the heap, not from mmap
  mallopt(M_TRIM_THRESHOLD, 512 << 20);  // and the heap's free top is kept up to 512 MB
#endif
}

}  // namespace deblur
