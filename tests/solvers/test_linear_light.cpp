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

TEST_CASE("lights brighter than white, clipped in linear light, leave no dark rings") {
  // Small lights 4× brighter than white on a dim ground, blurred in linear light, clipped at 1 by the
  // sensor, stored as sRGB. The one-sided data term lets the lights grow past 1; without it, the pass
  // would dig dark rings around them to explain the clipped plateaus.
  const Index side = 96, k = 9;
  Image light = Image::Constant(side, side, 0.08f);
  for (Index i = 0; i < side; ++i) light.row(i).array() += 0.04f * static_cast<float>(i) / side;
  const std::vector<std::pair<Index, Index>> lights = {{20, 24}, {30, 70}, {62, 40}, {70, 75}};
  for (const auto& [i, j] : lights) light.block(i, j, 4, 4).setConstant(4.0f);
  const Image h = testing::motion_kernel(k);
  Image stored = testing::blur(light, h, 0.001, 9).cwiseMin(1.0f);
  encode(stored, kSrgb);
  stored = quantised(stored);
  Image truth = light.cwiseMin(1.0f);
  encode(truth, kSrgb);

  Image linear = stored;
  decode(linear, kSrgb);
  // The deepest undershoot below the truth within 6 px of a light (the light itself excluded).
  const auto deepest_ring = [&](const Options& o) {
    Image restored = deconvolve({linear}, h, o, KernelSource::Given, kSrgb).front();
    encode(restored, kSrgb);
    const Index b = k / 2;
    float deepest = 0;
    for (const auto& [li, lj] : lights)
      for (Index i = li - 6; i < li + 10; ++i)
        for (Index j = lj - 6; j < lj + 10; ++j) {
          const bool in_light = i >= li && i < li + 4 && j >= lj && j < lj + 4;
          if (in_light || i < b || j < b || i - b >= restored.rows() || j - b >= restored.cols()) continue;
          deepest = std::max(deepest, truth(i, j) - restored(i - b, j - b));
        }
    return deepest;
  };
  // The ADMM needs many iterations to grow a light from 1 to 4: at the default 20 (and up to 100) the
  // rings are still there (0.37 below the ground), at 200 they are gone. This checks the model.
  Options o;
  o.final_iterations = 200;
  const float with = deepest_ring(o);
  o.final_saturation = 2;  // no clipping model: every pixel two-sided
  const float without = deepest_ring(o);
  CAPTURE(with);
  CAPTURE(without);
  CHECK(with < 0.05f);  // a ring would show as stored values well below the ground's
  CHECK(without > 2 * with);
}
