// Inputs that make no sense throw InvalidInput with a message naming the problem and the sizes.
#include "core/objective.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <limits>

namespace deblur {
namespace {

using doctest::Contains;

Image with_value_at(Image a, Index i, Index j, float v) {
  a(i, j) = v;
  return a;
}

TEST_CASE("invalid input: the free operators reject bad shapes and non-finite data, both backends") {
  std::mt19937 rng(3);
  const Image x = test::random_image(8, 10, rng), h = test::random_image(3, 4, rng);
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  for (Backend backend : {Backend::Direct, Backend::Fft, Backend::Automatic}) {
    CAPTURE(test::name(backend));
    CHECK_THROWS_WITH_AS(valid_convolution(x, test::random_image(9, 2, rng), backend),
                         Contains("kernel 9x2 is larger than image 8x10"), InvalidInput);
    CHECK_THROWS_WITH_AS(valid_convolution(x, test::random_image(2, 11, rng), backend),
                         Contains("kernel 2x11 is larger than image 8x10"), InvalidInput);
    CHECK_THROWS_WITH_AS(valid_convolution(Image(), h, backend), Contains("image is empty (0x0)"), InvalidInput);
    CHECK_THROWS_WITH_AS(valid_convolution(x, Image(0, 3), backend), Contains("kernel is empty (0x3)"), InvalidInput);
    CHECK_THROWS_WITH_AS(valid_convolution(with_value_at(x, 2, 3, nan), h, backend),
                         Contains("image (8x10) contains NaN or Inf"), InvalidInput);
    CHECK_THROWS_WITH_AS(valid_convolution(x, with_value_at(h, 0, 0, inf), backend),
                         Contains("kernel (3x4) contains NaN or Inf"), InvalidInput);
    CHECK_THROWS_WITH_AS(valid_correlation(x, test::random_image(4, 12, rng), backend),
                         Contains("residual 4x12 is larger than image 8x10"), InvalidInput);
    CHECK_THROWS_WITH_AS(valid_correlation(x, with_value_at(test::random_image(4, 4, rng), 1, 1, -inf), backend),
                         Contains("residual (4x4) contains NaN or Inf"), InvalidInput);
    CHECK_THROWS_WITH_AS(full_correlation(Image(5, 0), h, backend), Contains("residual is empty (5x0)"), InvalidInput);
    CHECK_THROWS_WITH_AS(full_correlation(x, with_value_at(h, 2, 3, nan), backend),
                         Contains("kernel (3x4) contains NaN or Inf"), InvalidInput);
  }
}

TEST_CASE("invalid input: DataTerm rejects bad shapes, non-finite data, bad options and missing state") {
  std::mt19937 rng(5);
  const Image y = test::random_image(6, 7, rng);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_WITH_AS(DataTerm(Image(), 3, 3), Contains("observation is empty (0x0)"), InvalidInput);
  CHECK_THROWS_WITH_AS(DataTerm(with_value_at(y, 5, 6, nan), 3, 3), Contains("observation (6x7) contains NaN"),
                       InvalidInput);
  CHECK_THROWS_WITH_AS(DataTerm(y, 0, 3), Contains("kernel size 0x3 must be at least 1x1"), InvalidInput);
  CHECK_THROWS_WITH_AS(DataTerm(y, 3, 3, {Backend::Fft, -1}), Contains("threads must be >= 0"), InvalidInput);
  for (Backend backend : test::kBackends) {
    CAPTURE(test::name(backend));
    DataTerm term(y, 3, 2, {backend, 1});
    CHECK_THROWS_WITH_AS(term.value(), Contains("before set_image()"), InvalidInput);
    CHECK_THROWS_WITH_AS(term.set_image(test::random_image(8, 9, rng)),
                         Contains("image 8x9 does not match observation 6x7 and kernel 3x2 (expected 8x8)"),
                         InvalidInput);
    CHECK_THROWS_WITH_AS(term.set_image(with_value_at(test::random_image(8, 8, rng), 7, 7, nan)),
                         Contains("image (8x8) contains NaN or Inf"), InvalidInput);
    term.set_image(test::random_image(8, 8, rng));
    CHECK_THROWS_WITH_AS(term.evaluate(nullptr, nullptr), Contains("before set_kernel()"), InvalidInput);
    CHECK_THROWS_WITH_AS(term.set_kernel(test::random_image(2, 3, rng)), Contains("kernel 2x3 is not the declared 3x2"),
                         InvalidInput);
    CHECK_THROWS_WITH_AS(term.set_kernel(with_value_at(test::random_image(3, 2, rng), 0, 1, nan)),
                         Contains("kernel (3x2) contains NaN or Inf"), InvalidInput);
    // A rejected image leaves the previous one in effect.
    const Image h = test::random_image(3, 2, rng);
    term.set_kernel(h);
    const double f = term.value();
    CHECK_THROWS_WITH_AS(term.set_image(with_value_at(test::random_image(8, 8, rng), 0, 0,
                                                      std::numeric_limits<float>::infinity())),
                         Contains("image (8x8) contains NaN or Inf"), InvalidInput);
    term.set_kernel(h);
    CHECK(term.value() == f);
  }
}

}  // namespace
}  // namespace deblur
