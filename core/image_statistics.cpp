#include "core/image_statistics.hpp"

#include "core/finite_differences.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace deblur {

double noise_sigma(const Image& y) {
  if (y.rows() < 3 || y.cols() < 3) throw InvalidInput("image " + shape_string(y) + " is too small to estimate its noise");
  double sum = 0;
  for (Index i = 1; i + 1 < y.rows(); ++i)
    for (Index j = 1; j + 1 < y.cols(); ++j) {
      const double corners = y(i - 1, j - 1) + y(i - 1, j + 1) + y(i + 1, j - 1) + y(i + 1, j + 1);
      const double edges = y(i - 1, j) + y(i + 1, j) + y(i, j - 1) + y(i, j + 1);
      sum += std::abs(corners - 2 * edges + 4 * y(i, j));
    }
  const double count = static_cast<double>((y.rows() - 2) * (y.cols() - 2));
  return std::sqrt(std::numbers::pi / 2) * sum / (6 * count);
}

double signal_gradient_rms(const Image& y, double sigma) {
  const double mean_square =
      (diff_cols(y).cast<double>().squaredNorm() + diff_rows(y).cast<double>().squaredNorm()) /
      static_cast<double>(y.size());
  return std::sqrt(std::max(0.0, mean_square - 4 * sigma * sigma));
}

}  // namespace deblur
