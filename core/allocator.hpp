#pragma once
// The process's allocator policy for programs that run the solvers (the app, the benchmarks).

namespace deblur {

// The solvers allocate image-sized temporaries (0.1–50 MB) every iteration. glibc's defaults hand
// such blocks back to the kernel on free and fault them in again on the next allocation, which cost
// a quarter of the run time; keeping freed memory in the heap for reuse costs no extra peak. Call it
// once, first thing in main(); a no-op where the C library is not glibc.
void reuse_freed_memory();

}  // namespace deblur
