#include "solvers/pyramid.hpp"

#include <algorithm>
#include <cmath>

namespace deblur::solvers {
namespace {

// The 1-D resampling matrix (out × in) along one axis: each output pixel averages the input
// interval it covers (shrinking) or interpolates linearly between neighbours (enlarging).
Eigen::MatrixXf resampling_matrix(Index in, Index out) {
  Eigen::MatrixXf w = Eigen::MatrixXf::Zero(out, in);
  const double s = static_cast<double>(in) / static_cast<double>(out);
  if (out <= in) {
    for (Index i = 0; i < out; ++i) {
      const double a = i * s, b = (i + 1) * s;
      for (Index j = static_cast<Index>(std::floor(a)); j < std::min<Index>(in, static_cast<Index>(std::ceil(b))); ++j)
        w(i, j) = static_cast<float>((std::min(b, j + 1.0) - std::max(a, static_cast<double>(j))) / s);
    }
  } else {
    for (Index i = 0; i < out; ++i) {
      const double c = std::clamp((i + 0.5) * s - 0.5, 0.0, static_cast<double>(in - 1));
      const Index j = std::min<Index>(static_cast<Index>(std::floor(c)), in - 1);
      const double t = c - j;
      w(i, j) += static_cast<float>(1 - t);
      if (j + 1 < in) w(i, j + 1) += static_cast<float>(t);
    }
  }
  return w;
}

}  // namespace

int odd_at_least(double v, int lo) {
  int k = static_cast<int>(std::lround(v));
  if (k % 2 == 0) k += (v >= k) ? 1 : -1;
  return std::max(k, lo);
}

Image resize(const Image& a, Index rows, Index cols) {
  if (rows < 1 || cols < 1) throw InvalidInput("cannot resize " + shape_string(a) + " to an empty image");
  if (rows == a.rows() && cols == a.cols()) return a;
  const Eigen::MatrixXf r = resampling_matrix(a.rows(), rows), c = resampling_matrix(a.cols(), cols);
  return r * (a * c.transpose());
}

std::vector<Scale> plan_scales(Index p, Index q, int kernel_size, double factor, int coarsest_kernel) {
  std::vector<Scale> scales;
  int previous = kernel_size + 1;
  for (double ratio = 1;; ratio *= factor) {
    const int k = odd_at_least(kernel_size * ratio, 1);
    if (k >= previous) {  // kernel side would not shrink: stop at the coarsest distinct scale
      if (k <= coarsest_kernel) break;
      continue;
    }
    Scale s;
    s.ratio = ratio;
    s.kernel_size = k;
    s.rows = std::max<Index>(k, std::lround(p * ratio));
    s.cols = std::max<Index>(k, std::lround(q * ratio));
    scales.push_back(s);
    previous = k;
    if (k <= coarsest_kernel) break;
  }
  std::reverse(scales.begin(), scales.end());
  return scales;
}

Image resize_kernel(const Image& h, int k) {
  Image r = resize(h, k, k).cwiseMax(0.0f);
  const float s = r.sum();
  if (s > 0) {
    r /= s;
  } else {
    r.setZero();
    r(k / 2, k / 2) = 1;
  }
  return r;
}

}  // namespace deblur::solvers
