#include "core/tone_curve.hpp"

#include <algorithm>
#include <cmath>

namespace deblur {
namespace {

// IEC 61966-2-1: a linear toe below these, a 2.4 power above.
constexpr float kSrgbStoredKnee = 0.04045f, kSrgbLinearKnee = 0.0031308f;

}  // namespace

float ToneCurve::decode(float stored) const {
  switch (kind) {
    case Kind::Srgb:
      return stored <= kSrgbStoredKnee ? stored / 12.92f : std::pow((stored + 0.055f) / 1.055f, 2.4f);
    case Kind::Gamma:
      return std::pow(std::max(stored, 0.0f), static_cast<float>(gamma));
    case Kind::Linear:
      break;
  }
  return stored;
}

float ToneCurve::encode(float linear) const {
  linear = std::max(linear, 0.0f);
  switch (kind) {
    case Kind::Srgb:
      return linear <= kSrgbLinearKnee ? 12.92f * linear : 1.055f * std::pow(linear, 1 / 2.4f) - 0.055f;
    case Kind::Gamma:
      return std::pow(linear, static_cast<float>(1 / gamma));
    case Kind::Linear:
      break;
  }
  return linear;
}

float ToneCurve::slope(float stored) const {
  switch (kind) {
    case Kind::Srgb:
      return stored <= kSrgbStoredKnee ? 1 / 12.92f : 2.4f / 1.055f * std::pow((stored + 0.055f) / 1.055f, 1.4f);
    case Kind::Gamma:
      return static_cast<float>(gamma) * std::pow(std::max(stored, 0.0f), static_cast<float>(gamma - 1));
    case Kind::Linear:
      break;
  }
  return 1;
}

void decode(Image& image, const ToneCurve& curve) {
  if (curve.kind == ToneCurve::Kind::Linear) return;
  image = image.unaryExpr([&](float v) { return curve.decode(v); });
}

void encode(Image& image, const ToneCurve& curve) {
  if (curve.kind == ToneCurve::Kind::Linear) return;
  image = image.unaryExpr([&](float v) { return curve.encode(v); });
}

}  // namespace deblur
