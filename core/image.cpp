#include "core/image.hpp"

#include "core/parallel.hpp"

#include <algorithm>
#include <cmath>

namespace deblur {

std::string shape_string(const Image& a) { return std::to_string(a.rows()) + "x" + std::to_string(a.cols()); }

void require_finite(const Image& a, const char* what) {
  if (a.size() == 0) throw InvalidInput(std::string(what) + " is empty (" + shape_string(a) + ")");
  // x·0 is 0 for finite x and NaN for NaN/±Inf, so the (vectorised) sum is 0 exactly when all are
  // finite — several times faster than allFinite(), which matters on per-evaluation paths.
  if (!std::isfinite((a.array() * 0.0f).sum()))
    throw InvalidInput(std::string(what) + " (" + shape_string(a) + ") contains NaN or Inf");
}

double dot(const Image& a, const Image& b, int threads) {
  if (a.rows() != b.rows() || a.cols() != b.cols())
    throw InvalidInput("dot of images " + shape_string(a) + " and " + shape_string(b));
  return parallel_block_sum(a.size(), kDotBlock, threads, kMinChunkPixels,
                            [&](Index start, Index length) { return block_dot(a.data() + start, b.data() + start, length); });
}

double squared_norm(const Image& a, int threads) { return dot(a, a, threads); }

}  // namespace deblur
