#include "core/image.hpp"

namespace deblur {

std::string shape_string(const Image& a) {
  return std::to_string(a.rows()) + "x" + std::to_string(a.cols());
}

void require_finite(const Image& a, const char* what) {
  if (a.size() == 0) throw InvalidInput(std::string(what) + " is empty (" + shape_string(a) + ")");
  if (!a.allFinite()) throw InvalidInput(std::string(what) + " (" + shape_string(a) + ") contains NaN or Inf");
}

}  // namespace deblur
