#include "solvers/edge_selection.hpp"

#include "core/finite_differences.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace deblur::solvers {
void keep_largest(Image& d, Index count) {
  if (count <= 0 || count >= d.size()) return;
  std::vector<float> mag(d.data(), d.data() + d.size());
  for (float& v : mag) v = std::abs(v);
  std::nth_element(mag.begin(), mag.end() - count, mag.end());
  const float cut = mag[static_cast<std::size_t>(d.size() - count)];
  d = (d.array().abs() < cut).select(0.0f, d);
}

EdgeGradients select_edges(const Image& x, Index count) {
  EdgeGradients g{diff_cols(x), diff_rows(x)};
  keep_largest(g.cols, count);
  keep_largest(g.rows, count);
  return g;
}

Index edge_count(double ratio, int k, Index m, Index n) {
  return static_cast<Index>(ratio * k * std::sqrt(static_cast<double>(m) * static_cast<double>(n)));
}

}  // namespace deblur::solvers
