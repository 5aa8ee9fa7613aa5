#include "core/image.hpp"

#include <cmath>

namespace deblur {

std::string shape_string(const Image& a) {
  return std::to_string(a.rows()) + "x" + std::to_string(a.cols());
}

void require_finite(const Image& a, const char* what) {
  if (a.size() == 0) throw InvalidInput(std::string(what) + " is empty (" + shape_string(a) + ")");
  // x·0 is 0 for finite x and NaN for NaN/±Inf, so the (vectorised) sum is 0 exactly when all are
  // finite — several times faster than allFinite(), which matters on per-evaluation paths.
  if (!std::isfinite((a.array() * 0.0f).sum())) throw InvalidInput(std::string(what) + " (" + shape_string(a) + ") contains NaN or Inf");
}

}  // namespace deblur
