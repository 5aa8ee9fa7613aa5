#pragma once
// Where in the photo the kernel is estimated. A window of at most run.max_estimation_side (but at
// least 3k where the photo allows) keeps the estimation's cost independent of the photo's size; it
// is the user's region when one is given, else the centre or the window with the most usable edges.
#include "core/image.hpp"
#include "solvers/options.hpp"

#include <optional>
#include <string>

namespace deblur::solvers {

struct Region {
  Index col = 0, row = 0, cols = 0, rows = 0;  // top-left corner and size, in pixels of the photo
  std::string describe() const;                // "WxH at X,Y"
  bool operator==(const Region&) const = default;
};

// The automatic window: of the size above, at the centre (run.estimation_region = "centre") or where
// the photo has the most strong gradients away from clipped highlights ("edges"): the kernel is
// measured on edges, and a flat centre (sky, wall, defocused background) holds none.
Region automatic_region(const Image& y, const Options& options, int k);

// `given` checked against y and the kernel side k (inside the photo, at least 3k a side: a smaller
// region holds too few edges to tell a kernel that large), or the automatic window. Throws
// InvalidInput naming the problem.
Region estimation_region(const Image& y, const Options& options, int k, const std::optional<Region>& given);

}  // namespace deblur::solvers
