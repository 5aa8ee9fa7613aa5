// The image statistics against images whose values are known: planes and synthetic white noise of a
// chosen σ.
#include "core/image_statistics.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

namespace deblur {
namespace {

Image plane(Index rows, Index cols, float a, float b) {
  Image x(rows, cols);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < cols; ++j) x(i, j) = 0.2f + a * static_cast<float>(i) + b * static_cast<float>(j);
  return x;
}

Image with_noise(Image x, double sigma, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> n(0, static_cast<float>(sigma));
  for (Index i = 0; i < x.size(); ++i) x.data()[i] += n(rng);
  return x;
}

}  // namespace

TEST_CASE("noise_sigma: zero on a plane, the σ of added white noise within 5 %") {
  CHECK(noise_sigma(plane(40, 50, 0.01f, -0.003f)) == doctest::Approx(0).epsilon(1e-5));
  for (const double sigma : {0.005, 0.02, 0.1}) {
    CAPTURE(sigma);
    CHECK(noise_sigma(with_noise(plane(300, 200, 0.001f, 0.002f), sigma, 7)) == doctest::Approx(sigma).epsilon(0.05));
  }
  CHECK_THROWS_AS(noise_sigma(Image::Zero(2, 9)), InvalidInput);
}

TEST_CASE("signal_gradient_rms: a plane's slope, with or without noise once σ is known") {
  const Image p = plane(300, 200, 0.01f, 0.02f);
  const double slope = std::hypot(0.01, 0.02);
  // The forward differences of a plane are a and b everywhere except the missing last row/column.
  CHECK(signal_gradient_rms(p, 0) == doctest::Approx(slope).epsilon(0.01));
  const double sigma = 0.01;
  const Image noisy = with_noise(p, sigma, 11);
  CHECK(signal_gradient_rms(noisy, sigma) == doctest::Approx(slope).epsilon(0.05));
  CHECK(signal_gradient_rms(noisy, 0) > 1.25 * slope);  // without the correction the noise inflates it
  CHECK(signal_gradient_rms(noisy, noise_sigma(noisy)) == doctest::Approx(slope).epsilon(0.1));
}

}  // namespace deblur
