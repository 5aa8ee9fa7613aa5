// Forward differences against the inner-product identity of their adjoints (the periodic ones also
// against their definition); the fused weighted
// gradient against the composition it replaces, bit for bit.
#include "core/finite_differences.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <cstring>

namespace deblur {
namespace {

double inner(const Image& a, const Image& b) { return a.cast<double>().cwiseProduct(b.cast<double>()).sum(); }

}  // namespace

TEST_CASE("finite differences: <Dx, g> = <x, D^T g> for both directions") {
  std::mt19937 rng(3);
  const Image x = test::random_image(9, 13, rng, -1, 1);
  const Image gc = test::random_image(9, 12, rng, -1, 1), gr = test::random_image(8, 13, rng, -1, 1);
  CHECK(inner(diff_cols(x), gc) == doctest::Approx(inner(x, diff_cols_adjoint(gc))).epsilon(1e-5));
  CHECK(inner(diff_rows(x), gr) == doctest::Approx(inner(x, diff_rows_adjoint(gr))).epsilon(1e-5));
}

TEST_CASE("periodic differences: the explicit definition, and <Dx, g> = <x, D^T g> for their pair") {
  std::mt19937 rng(4);
  const Index m = 7, n = 11;
  const Image x = test::random_image(m, n, rng, -1, 1);
  const Image dc = diff_cols_periodic(x), dr = diff_rows_periodic(x);
  REQUIRE(dc.rows() == m);
  REQUIRE(dc.cols() == n);
  REQUIRE(dr.rows() == m);
  REQUIRE(dr.cols() == n);
  for (Index i = 0; i < m; ++i)
    for (Index j = 0; j < n; ++j) {
      CHECK(dc(i, j) == x(i, (j + 1) % n) - x(i, j));
      CHECK(dr(i, j) == x((i + 1) % m, j) - x(i, j));
    }
  const Image gc = test::random_image(m, n, rng, -1, 1), gr = test::random_image(m, n, rng, -1, 1);
  CHECK(inner(dc, gc) + inner(dr, gr) == doctest::Approx(inner(x, diff_periodic_adjoint(gc, gr))).epsilon(1e-5));
}

TEST_CASE("weighted_difference_gradient is the composition of differences and adjoints, to the bit") {
  std::mt19937 rng(5);
  std::vector<float> scratch;
  Image out;
  // 300×460 is large enough to be split into row chunks on 2 and 3 threads.
  for (const auto& [m, n] : {std::pair<Index, Index>{2, 2}, {2, 7}, {6, 2}, {9, 13}, {31, 40}, {300, 460}}) {
    CAPTURE(m);
    CAPTURE(n);
    const Image v = test::random_image(m, n, rng, -1, 1);
    const Image wc = test::random_image(m, n - 1, rng, 0, 3), wr = test::random_image(m - 1, n, rng, 0, 3);
    const Image tc = test::random_image(m, n - 1, rng, -1, 1), tr = test::random_image(m - 1, n, rng, -1, 1);
    for (const bool target : {false, true}) {
      Image c = diff_cols(v), r = diff_rows(v);
      if (target) {
        c -= tc;
        r -= tr;
      }
      const Image expected = diff_cols_adjoint(wc.cwiseProduct(c)) + diff_rows_adjoint(wr.cwiseProduct(r));
      for (const int threads : {1, 2, 3}) {
        CAPTURE(threads);
        weighted_difference_gradient(v, wc, wr, target ? &tc : nullptr, target ? &tr : nullptr, out, scratch, threads);
        REQUIRE(out.rows() == m);
        REQUIRE(out.cols() == n);
        CHECK(std::memcmp(out.data(), expected.data(), sizeof(float) * static_cast<std::size_t>(m * n)) == 0);
      }
    }
  }
}

}  // namespace deblur
