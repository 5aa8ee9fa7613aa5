// Forward differences against the inner-product identity of their adjoints.
#include "core/finite_differences.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

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

}  // namespace deblur
