#pragma once
// The quality a lossy WebP file was encoded at, read back from its VP8 quantiser, so that a lossy
// photo is written back lossy at about the same quality instead of growing into a lossless file.
#include <optional>
#include <string>

namespace deblur::app {

// libwebp's quality (0-100) that gives the quantiser of the lossy WebP file at `path`, to within a few
// units; nullopt for a lossless WebP, another format, or a header too damaged to read.
std::optional<int> lossy_webp_quality(const std::string& path);

}  // namespace deblur::app
