// dot and squared_norm against a long-double loop, and exactly on small integers.
#include "core/image.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

namespace deblur {

TEST_CASE("dot: exact on small integers, within 1e-6 of a long-double sum on large random images") {
  Image a(3, 5), b(3, 5);
  for (Index i = 0; i < a.size(); ++i) {
    a.data()[i] = static_cast<float>(i - 7);
    b.data()[i] = static_cast<float>(2 * i + 1);
  }
  long double exact = 0;
  for (Index i = 0; i < a.size(); ++i) exact += static_cast<long double>(a.data()[i]) * b.data()[i];
  CHECK(dot(a, b) == static_cast<double>(exact));

  std::mt19937 rng(5);
  for (const Index side : {1, 31, 700}) {
    const Image x = test::random_image(side, side + 3, rng, -1, 2), y = test::random_image(side, side + 3, rng, 0, 1);
    long double xy = 0, xx = 0;
    for (Index i = 0; i < x.size(); ++i) {
      xy += static_cast<long double>(x.data()[i]) * y.data()[i];
      xx += static_cast<long double>(x.data()[i]) * x.data()[i];
    }
    CAPTURE(side);
    CHECK(dot(x, y) == doctest::Approx(static_cast<double>(xy)).epsilon(1e-6));
    CHECK(squared_norm(x) == doctest::Approx(static_cast<double>(xx)).epsilon(1e-6));
  }
  CHECK_THROWS_AS(dot(Image::Zero(2, 3), Image::Zero(3, 2)), InvalidInput);
}

TEST_CASE("dot: the same bits on any number of threads") {
  std::mt19937 rng(8);
  // 700×703 is 480 blocks, split into chunks once threads > 1.
  const Image x = test::random_image(700, 703, rng, -1, 2), y = test::random_image(700, 703, rng, 0, 1);
  const double one = dot(x, y, 1);
  for (const int threads : {2, 3, 8}) {
    CAPTURE(threads);
    CHECK(dot(x, y, threads) == one);
    CHECK(squared_norm(x, threads) == squared_norm(x, 1));
  }
}

}  // namespace deblur
