// The tone curves against their definitions: exact 8-bit round trips, and slopes against finite
// differences.
#include "core/tone_curve.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace deblur;

namespace {

const ToneCurve kSrgb{ToneCurve::Kind::Srgb, 2.2}, kGamma{ToneCurve::Kind::Gamma, 2.2}, kLinear{};

}  // namespace

TEST_CASE("every 8-bit value survives decoding to linear light and encoding back") {
  for (const ToneCurve& curve : {kSrgb, kGamma, ToneCurve{ToneCurve::Kind::Gamma, 1.8}}) {
    int mismatches = 0;
    for (int v = 0; v <= 255; ++v) {
      const float back = curve.encode(curve.decode(static_cast<float>(v) / 255));
      mismatches += static_cast<int>(std::lround(255 * back)) != v;
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("the sRGB curve is IEC 61966-2-1's: white and black fixed, mid grey at 0.214, the toe linear") {
  CHECK(kSrgb.decode(0) == 0);
  CHECK(kSrgb.decode(1) == doctest::Approx(1).epsilon(1e-6));
  CHECK(kSrgb.decode(0.5f) == doctest::Approx(0.21404).epsilon(1e-4));
  CHECK(kSrgb.decode(0.02f) == doctest::Approx(0.02 / 12.92));
  CHECK(kGamma.decode(0.5f) == doctest::Approx(std::pow(0.5, 2.2)));
  CHECK(kLinear.decode(0.3f) == 0.3f);
  CHECK(kSrgb.encode(-0.1f) == 0);  // below black: black (a deconvolution can undershoot)
  CHECK(kSrgb.encode(2.0f) > 1);   // above white stays ordered; the writer clamps
}

TEST_CASE("slope() is the derivative of decode()") {
  for (const ToneCurve& curve : {kSrgb, kGamma, kLinear})
    for (float v : {0.01f, 0.1f, 0.3f, 0.5f, 0.8f, 0.97f}) {
      const float d = 1e-3f;
      const double numeric = (static_cast<double>(curve.decode(v + d)) - curve.decode(v - d)) / (2 * d);
      CHECK(curve.slope(v) == doctest::Approx(numeric).epsilon(2e-3));
    }
}

TEST_CASE("decode() and encode() of an image apply the curve to every pixel") {
  Image a(2, 2);
  a << 0.0f, 0.25f, 0.5f, 1.0f;
  Image b = a;
  decode(b, kSrgb);
  for (Index i = 0; i < a.size(); ++i) CHECK(b.data()[i] == kSrgb.decode(a.data()[i]));
  encode(b, kSrgb);
  CHECK((b - a).cwiseAbs().maxCoeff() < 1e-6f);
}
