#include "core/priors.hpp"

#include "core/finite_differences.hpp"
#include "core/parallel.hpp"

#include <cmath>

namespace deblur {
namespace {

double penalty_sum(const Image& d, double p, double eps2) {
  double s = 0;
  for (Index i = 0; i < d.size(); ++i) {
    const double t = d.data()[i];
    s += std::pow(t * t + eps2, 0.5 * p);
  }
  return s;
}

}  // namespace

double GradientPrior::value(const Image& x) const {
  const double eps2 = epsilon * epsilon;
  return penalty_sum(diff_cols(x), p, eps2) + penalty_sum(diff_rows(x), p, eps2);
}

Image GradientPrior::weights(const Image& d, int threads) const {
  const float eps2 = static_cast<float>(epsilon * epsilon), half_p = static_cast<float>(0.5 * p),
              e = static_cast<float>(0.5 * p - 1);
  Image w(d.rows(), d.cols());
  parallel_for(0, d.size(), threads, kMinChunkPixels, [&](Index lo, Index hi, int) {
    for (Index i = lo; i < hi; ++i) {
      const float t = d.data()[i];
      w.data()[i] = half_p * std::pow(t * t + eps2, e);
    }
  });
  return w;
}

}  // namespace deblur
