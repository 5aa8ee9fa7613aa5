#pragma once
// Blur kernels on disk: `.tif`/`.tiff` float32 (exact values, sum 1), `.png` 16-bit scaled so the
// largest value is white (for viewing), `.csv` one kernel row per line.
#include "core/image.hpp"

#include <string>

namespace deblur::app {

// Throws BadInput unless `path` has one of the kernel extensions and its folder is writable.
void check_kernel_output_path(const std::string& path);

// Reads a kernel in any of the three forms and normalises it to sum 1. Throws BadInput, naming the
// file, for a missing/unreadable file, an empty kernel, even sides (no centre pixel), NaN/Inf,
// negative values, or a zero sum.
Image read_kernel(const std::string& path);

// Writes `h` atomically in the form given by the extension. Throws RunFailure.
void write_kernel(const std::string& path, const Image& h);

}  // namespace deblur::app
