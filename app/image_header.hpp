#pragma once
// The width and height of an image read from its header alone, so that huge images can be refused
// before any decoder allocates their pixels.
#include <cstdint>
#include <optional>
#include <string>

namespace deblur::app {

struct ImageSize {
  std::uint64_t width = 0, height = 0;
};

// Size from the header of a PNG, JPEG, TIFF, BMP, WebP or PNM (P1–P6) file; nullopt for any other
// format or a header too damaged to read.
std::optional<ImageSize> read_image_size(const std::string& path);

}  // namespace deblur::app
