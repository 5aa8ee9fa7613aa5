#include "solvers/edge_selection.hpp"
#include "synthetic.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

using namespace deblur;
using namespace deblur::solvers;

namespace {

// Random image with distinct gradient magnitudes (no ties at the cut).
Image random_image(Index m, Index n, std::uint64_t seed) {
  testing::Lcg r(seed);
  Image x(m, n);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(r.next());
  return x;
}

// Checks that `kept` holds exactly the `count` entries of `all` of largest magnitude, unchanged.
void check_largest_kept(const Image& all, const Image& kept, Index count) {
  std::vector<float> mag(all.data(), all.data() + all.size());
  for (float& v : mag) v = std::abs(v);
  std::sort(mag.begin(), mag.end(), std::greater<>());
  const float cut = mag[static_cast<std::size_t>(count - 1)];
  Index n = 0;
  for (Index i = 0; i < all.size(); ++i) {
    const bool large = std::abs(all.data()[i]) >= cut;
    CHECK(kept.data()[i] == (large ? all.data()[i] : 0.0f));
    n += large;
  }
  CHECK(n == count);
}

}  // namespace

TEST_CASE("select_edges keeps the count largest differences per direction, unchanged, and zeroes the rest") {
  const Image x = random_image(23, 31, 7);
  const Image dc = x.rightCols(30) - x.leftCols(30), dr = x.bottomRows(22) - x.topRows(22);
  for (Index count : {1, 17, 200}) {
    const EdgeGradients g = select_edges(x, count);
    REQUIRE(g.cols.rows() == 23);
    REQUIRE(g.cols.cols() == 30);
    REQUIRE(g.rows.rows() == 22);
    REQUIRE(g.rows.cols() == 31);
    check_largest_kept(dc, g.cols, count);
    check_largest_kept(dr, g.rows, count);
  }
  SUBCASE("a count of zero or above the size keeps every difference") {
    for (Index count : {0, 10000}) {
      const EdgeGradients g = select_edges(x, count);
      CHECK(g.cols == dc);
      CHECK(g.rows == dr);
    }
  }
}

TEST_CASE("edge_count is ratio * k * sqrt(area)") {
  CHECK(edge_count(1, 9, 100, 400) == 1800);
  CHECK(edge_count(0.5, 9, 100, 400) == 900);
  CHECK(edge_count(0, 9, 100, 400) == 0);
}
