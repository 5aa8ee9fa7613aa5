#include "solvers/estimation_region.hpp"

#include "core/image_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace deblur::solvers {
namespace {

// y's luminance at or above this is taken as clipped: a saturated light breaks y = h ⊛ x there.
constexpr float kClipped = 0.99f;
// Strong gradients within this many pixels of a clipped one are not counted (the plateau's rim is
// an edge of the clipping, not of the scene).
constexpr Index kClippedMargin = 3;
// "Strong": among the photo's top tenth by magnitude, and clearly above the noise.
constexpr double kStrongQuantile = 0.9, kNoiseFactor = 3;
// A window replaces the centre only when it holds this many times the centre's edges: on a photo
// with edges everywhere the centre stays, as before.
constexpr double kBetterThanCentre = 1.2;

// Masks of the photo's size stay bytes, their summed-area tables 64-bit: a 12 MP photo costs 0.2 GB
// for a moment, well below what its final deconvolution takes.
using Mask = Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic>;
using Counts = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>;

// Summed-area table: s(i, j) = Σ of m over rows < i, cols < j.
Counts summed_area(const Mask& m) {
  Counts s = Counts::Zero(m.rows() + 1, m.cols() + 1);
  for (Index j = 0; j < m.cols(); ++j)
    for (Index i = 0; i < m.rows(); ++i) s(i + 1, j + 1) = m(i, j) + s(i, j + 1) + s(i + 1, j) - s(i, j);
  return s;
}

std::int64_t box_sum(const Counts& s, Index row, Index col, Index rows, Index cols) {
  return s(row + rows, col + cols) - s(row, col + cols) - s(row + rows, col) + s(row, col);
}

// 1 where y has a strong gradient (forward differences) that is not next to a clipped pixel.
Mask usable_edges(const Image& y) {
  const Index rows = y.rows(), cols = y.cols();
  Image magnitude(rows, cols);
  Mask clipped(rows, cols);
  for (Index j = 0; j < cols; ++j)
    for (Index i = 0; i < rows; ++i) {
      const float dc = j + 1 < cols ? y(i, j + 1) - y(i, j) : 0, dr = i + 1 < rows ? y(i + 1, j) - y(i, j) : 0;
      magnitude(i, j) = std::abs(dc) + std::abs(dr);
      clipped(i, j) = y(i, j) >= kClipped;
    }
  std::vector<float> sorted(magnitude.data(), magnitude.data() + magnitude.size());
  const auto at = sorted.begin() + static_cast<std::ptrdiff_t>(kStrongQuantile * static_cast<double>(sorted.size() - 1));
  std::nth_element(sorted.begin(), at, sorted.end());
  // |∂c| + |∂r| of white noise averages 2.3σ: a threshold of 6σ keeps noise out of flat areas.
  const double strong = std::max<double>(*at, kNoiseFactor * 2 * noise_sigma(y));
  sorted = {};

  const Counts near = summed_area(clipped);
  Mask usable = Mask::Zero(rows, cols);
  for (Index j = 0; j < cols; ++j)
    for (Index i = 0; i < rows; ++i) {
      if (magnitude(i, j) < strong || strong <= 0) continue;
      const Index r0 = std::max<Index>(0, i - kClippedMargin), c0 = std::max<Index>(0, j - kClippedMargin);
      const Index r1 = std::min(rows, i + kClippedMargin + 1), c1 = std::min(cols, j + kClippedMargin + 1);
      usable(i, j) = box_sum(near, r0, c0, r1 - r0, c1 - c0) == 0;
    }
  return usable;
}

Region centred(const Image& y, Index rows, Index cols) { return {(y.cols() - cols) / 2, (y.rows() - rows) / 2, cols, rows}; }

}  // namespace

std::string Region::describe() const {
  return std::to_string(cols) + "x" + std::to_string(rows) + " at " + std::to_string(col) + "," + std::to_string(row);
}

Region automatic_region(const Image& y, const Options& o, int k) {
  const Index side = std::max<Index>(o.max_estimation_side, 3 * k);
  const Index rows = std::min(y.rows(), side), cols = std::min(y.cols(), side);
  const Region centre = centred(y, rows, cols);
  if (o.estimation_region == EstimationRegion::Centre || (rows == y.rows() && cols == y.cols())) return centre;

  const Counts edges = summed_area(usable_edges(y));
  const auto score = [&](const Region& r) { return static_cast<double>(box_sum(edges, r.row, r.col, r.rows, r.cols)); };
  // A grid of 8-pixel steps plus the far edges: finer steps move the window by less than a kernel.
  const auto positions = [](Index room) {
    std::vector<Index> p;
    for (Index v = 0; v < room; v += 8) p.push_back(v);
    p.push_back(room);
    return p;
  };
  Region best = centre;
  double best_score = score(centre);
  const double needed = kBetterThanCentre * best_score;
  for (Index row : positions(y.rows() - rows))
    for (Index col : positions(y.cols() - cols)) {
      const Region r{col, row, cols, rows};
      if (const double s = score(r); s > best_score && s > needed) {
        best = r;
        best_score = s;
      }
    }
  return best;
}

Region estimation_region(const Image& y, const Options& o, int k, const std::optional<Region>& given) {
  if (!given) return automatic_region(y, o, k);
  const Region& r = *given;
  if (r.col < 0 || r.row < 0 || r.cols < 1 || r.rows < 1 || r.col + r.cols > y.cols() || r.row + r.rows > y.rows())
    throw InvalidInput("region " + r.describe() + " is not inside the image " + std::to_string(y.cols()) + "x" +
                       std::to_string(y.rows()));
  if (r.cols < 3 * k || r.rows < 3 * k)
    throw InvalidInput("region " + r.describe() + " is smaller than 3x the kernel " + std::to_string(k) + "x" +
                       std::to_string(k) + ": it needs at least " + std::to_string(3 * k) + "x" + std::to_string(3 * k));
  return r;
}

}  // namespace deblur::solvers
