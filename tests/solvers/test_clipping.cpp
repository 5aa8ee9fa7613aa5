// Where a photo is clipped (solvers/clipping.cpp): the pixels the h-step leaves out.
#include "core/tone_curve.hpp"
#include "solvers/blind_deconvolution.hpp"
#include "synthetic.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace deblur;
using namespace deblur::solvers;

namespace {

// Planes of random linear light in [0, 0.9).
std::vector<Image> random_planes(int count, std::uint64_t seed) {
  testing::Lcg r(seed);
  std::vector<Image> planes(static_cast<std::size_t>(count), Image(20, 30));
  for (Image& p : planes)
    for (float& v : p.reshaped()) v = 0.9f * static_cast<float>(r.next());
  return planes;
}

}  // namespace

TEST_CASE("clipped_pixels marks a pixel where any plane is at or above the saturation level, and only there") {
  Options o;
  o.final_saturation = 0.95;  // linear: the level is the option itself
  const float level = 0.95f;
  std::vector<Image> planes = random_planes(3, 1);
  planes[0](2, 3) = level;                           // at the level: clipped
  planes[1](5, 7) = 1;                               // one plane alone suffices
  planes[2](19, 29) = 1;
  planes[0](10, 10) = std::nextafter(level, 0.0f);  // just below: not clipped
  planes[1](10, 10) = std::nextafter(level, 0.0f);
  planes[2](10, 10) = std::nextafter(level, 0.0f);
  const Image clipped = clipped_pixels(planes, o);
  REQUIRE(clipped.rows() == 20);
  REQUIRE(clipped.cols() == 30);
  for (Index i = 0; i < 20; ++i)
    for (Index j = 0; j < 30; ++j) {
      const bool truth = (i == 2 && j == 3) || (i == 5 && j == 7) || (i == 19 && j == 29);
      CAPTURE(i);
      CAPTURE(j);
      CHECK(clipped(i, j) == (truth ? 1.0f : 0.0f));
    }
  CHECK(clipped_pixels({planes[1]}, o).sum() == 1);  // a grey photo: its one plane
  CHECK(clipped_pixels({}, o).size() == 0);
}

TEST_CASE("clipped_pixels: final.saturation above 1 marks nothing, not even white") {
  std::vector<Image> planes = random_planes(3, 2);
  for (Image& p : planes) p.topRows(5).setOnes();  // white: the most a file can hold
  Options o;
  REQUIRE(clipped_pixels(planes, o).sum() == 5 * 30);  // the default marks white
  for (double saturation : {1.001, 1.5, 2.0})
    for (const ToneCurve curve : {ToneCurve{}, ToneCurve{ToneCurve::Kind::Srgb}, ToneCurve{ToneCurve::Kind::Gamma, 2.2}}) {
      CAPTURE(saturation);
      o.final_saturation = saturation;
      CHECK(clipped_pixels(planes, o, curve).sum() == 0);
      CHECK(saturation_level(o, curve) == static_cast<float>(saturation));  // the final pass's "none" too
    }
}

TEST_CASE("clipped_pixels through a tone curve: the level is the stored value decoded, e.g. sRGB's decode(0.99)") {
  const Options o;  // final.saturation 0.99, a stored value
  REQUIRE(o.final_saturation == 0.99);
  // IEC 61966-2-1 above its knee, and a plain power, evaluated here in double.
  const double srgb = std::pow((0.99 + 0.055) / 1.055, 2.4), gamma = std::pow(0.99, 2.2);
  const ToneCurve srgb_curve{ToneCurve::Kind::Srgb}, gamma_curve{ToneCurve::Kind::Gamma, 2.2};
  CHECK(saturation_level(o, srgb_curve) == doctest::Approx(srgb).epsilon(1e-6));
  CHECK(saturation_level(o, gamma_curve) == doctest::Approx(gamma).epsilon(1e-6));
  CHECK(saturation_level(o, ToneCurve{}) == 0.99f);
  REQUIRE(srgb < 0.98);  // well below the stored 0.99: a level not decoded would mark nothing below
  for (const auto& [curve, level] : {std::pair{srgb_curve, srgb}, std::pair{gamma_curve, gamma}}) {
    Image plane = Image::Constant(4, 5, 0.5f);
    plane(0, 0) = static_cast<float>(level * 1.0001);  // just above: clipped
    plane(1, 1) = static_cast<float>(level * 0.9999);  // just below: not
    plane(2, 2) = 1;
    const Image clipped = clipped_pixels({plane}, o, curve);
    CHECK(clipped(0, 0) == 1);
    CHECK(clipped(1, 1) == 0);
    CHECK(clipped(2, 2) == 1);
    CHECK(clipped.sum() == 2);
  }
}
