// The non-blind pass on photos whose blur happened in linear light and whose file holds values after
// a tone curve, as a camera makes them.
#include "core/tone_curve.hpp"
#include "solvers/blind_deconvolution.hpp"
#include "synthetic.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace deblur;
using namespace deblur::solvers;

namespace {

const ToneCurve kSrgb{ToneCurve::Kind::Srgb, 2.2};

// Rounds to the 8-bit values a file holds.
Image quantised(Image y) {
  for (float& v : y.reshaped()) v = std::round(255 * std::clamp(v, 0.0f, 1.0f)) / 255;
  return y;
}

}  // namespace

TEST_CASE("a photo blurred in linear light and stored as sRGB is restored closer with linearisation than without") {
  const Image sharp = testing::piecewise_constant(128, 128, 14, 7);  // stored values
  const Image h = testing::motion_kernel(9);
  Image light = sharp;
  decode(light, kSrgb);
  Image stored = testing::blur(light, h, 0.002, 8);
  encode(stored, kSrgb);
  stored = quantised(stored);
  const Image centre = sharp.block(4, 4, stored.rows(), stored.cols());

  const double without = (deconvolve({stored}, h, Options{}, KernelSource::Given).front() - centre).norm();
  Image linear = stored;
  decode(linear, kSrgb);
  Image restored = deconvolve({linear}, h, Options{}, KernelSource::Given, kSrgb).front();
  encode(restored, kSrgb);
  const double with = (restored - centre).norm(), input = (stored - centre).norm();
  CAPTURE(with);
  CAPTURE(without);
  CAPTURE(input);
  CHECK(with < 0.7 * without);
  CHECK(with < 0.5 * input);
}
