#include "solvers/kernel_projection.hpp"

#include "solvers/pyramid.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace deblur::solvers {

Image project_to_simplex(const Image& h) {
  std::vector<double> v(h.data(), h.data() + h.size());
  std::sort(v.begin(), v.end(), std::greater<>());
  // θ = (Σ_{i≤ρ} v_i − 1)/ρ for the largest ρ with v_ρ > θ; then h ← max(h − θ, 0).
  double sum = 0, theta = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    sum += v[i];
    const double t = (sum - 1) / static_cast<double>(i + 1);
    if (v[i] - t > 0) theta = t;
  }
  return (h.array() - static_cast<float>(theta)).cwiseMax(0.0f).matrix();
}

Image normalised_kernel(const Image& h) {
  const double sum = h.cast<double>().sum();
  if (std::abs(sum - 1) <= 1e-6) return h;
  return (h.cast<double>() / sum).cast<float>();
}

void threshold_kernel(Image& h, double fraction) {
  const float cut = static_cast<float>(fraction) * h.maxCoeff();
  h = (h.array() < cut).select(0.0f, h);
  const float s = h.sum();
  if (s > 0) h /= s;
}

void threshold_kernel_below_mean(Image& h, double fraction) {
  const double sum = h.cast<double>().sum();
  if (!(sum > 0)) return;
  threshold_kernel(h, fraction * h.cast<double>().squaredNorm() / sum / h.maxCoeff());
}

void remove_small_components(Image& h, double min_mass) {
  const double total = h.cast<double>().sum();
  if (total <= 0) return;
  const Index rows = h.rows(), cols = h.cols();
  std::vector<int> label(static_cast<std::size_t>(h.size()), -1);
  std::vector<double> mass;
  std::vector<Index> stack;
  for (Index start = 0; start < h.size(); ++start) {
    if (h.data()[start] == 0 || label[start] >= 0) continue;
    const int id = static_cast<int>(mass.size());
    mass.push_back(0);
    label[start] = id;
    stack.push_back(start);
    while (!stack.empty()) {
      const Index at = stack.back();
      stack.pop_back();
      mass[id] += h.data()[at];
      const Index i = at / cols, j = at % cols;
      for (Index di = -1; di <= 1; ++di)
        for (Index dj = -1; dj <= 1; ++dj) {
          const Index ni = i + di, nj = j + dj, n = ni * cols + nj;
          if (ni < 0 || nj < 0 || ni >= rows || nj >= cols || h.data()[n] == 0 || label[n] >= 0) continue;
          label[n] = id;
          stack.push_back(n);
        }
    }
  }
  if (mass.empty()) return;
  const int heaviest = static_cast<int>(std::max_element(mass.begin(), mass.end()) - mass.begin());
  for (Index n = 0; n < h.size(); ++n)
    if (label[n] >= 0 && label[n] != heaviest && mass[label[n]] < min_mass * total) h.data()[n] = 0;
  h /= h.sum();
}

Shift centring_shift(const Image& h) {
  double m = 0, r = 0, c = 0;
  for (Index i = 0; i < h.rows(); ++i)
    for (Index j = 0; j < h.cols(); ++j) {
      m += h(i, j);
      r += i * static_cast<double>(h(i, j));
      c += j * static_cast<double>(h(i, j));
    }
  if (m <= 0) return {};
  return {static_cast<Index>(std::lround((h.rows() - 1) / 2.0 - r / m)),
          static_cast<Index>(std::lround((h.cols() - 1) / 2.0 - c / m))};
}

Image shift_kernel(const Image& h, Shift s) {
  Image out = Image::Zero(h.rows(), h.cols());
  const Index r0 = std::max<Index>(0, s.rows), r1 = std::min(h.rows(), h.rows() + s.rows);
  const Index c0 = std::max<Index>(0, s.cols), c1 = std::min(h.cols(), h.cols() + s.cols);
  if (r1 > r0 && c1 > c0)
    out.block(r0, c0, r1 - r0, c1 - c0) = h.block(r0 - s.rows, c0 - s.cols, r1 - r0, c1 - c0);
  return out;
}

int kernel_support(const Image& h) {
  const Index cr = h.rows() / 2, cc = h.cols() / 2;
  Index radius = 0;
  for (Index i = 0; i < h.rows(); ++i)
    for (Index j = 0; j < h.cols(); ++j)
      if (h(i, j) != 0) radius = std::max({radius, std::abs(i - cr), std::abs(j - cc)});
  return static_cast<int>(2 * radius + 1);
}

int kernel_mass_support(const Image& h, double fraction) {
  const Index cr = h.rows() / 2, cc = h.cols() / 2;
  std::vector<double> ring(static_cast<std::size_t>(std::max(cr, cc) + 1), 0.0);  // mass at each Chebyshev radius
  double total = 0;
  for (Index i = 0; i < h.rows(); ++i)
    for (Index j = 0; j < h.cols(); ++j) {
      ring[static_cast<std::size_t>(std::max(std::abs(i - cr), std::abs(j - cc)))] += h(i, j);
      total += h(i, j);
    }
  double inside = 0;
  for (std::size_t r = 0; r < ring.size(); ++r) {
    inside += ring[r];
    if (inside >= fraction * total) return static_cast<int>(2 * r + 1);
  }
  return static_cast<int>(2 * ring.size() - 1);
}

Image crop_kernel(const Image& h, int k) {
  const Index k0 = std::min<Index>({k, h.rows(), h.cols()});
  Image c = h.block((h.rows() - k0) / 2, (h.cols() - k0) / 2, k0, k0);
  const float s = c.sum();
  if (s > 0) c /= s;
  return c;
}

FinishedKernel finished_kernel(Image h, int side, const Options& options) {
  if (h.rows() != side) h = resize_kernel(h, side);
  threshold_kernel(h, options.kernel_final_threshold);
  threshold_kernel_below_mean(h, options.kernel_final_mean_threshold);
  const int support = kernel_support(h);
  return {normalised_kernel(options.kernel_size > 0 ? h : crop_kernel(h, std::max(3, support))), support};
}

}  // namespace deblur::solvers
