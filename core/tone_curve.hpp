#pragma once
// A camera's tone curve: the map between linear light (what the lens and the blur act on) and the
// values a file stores. Photos from cameras and phones hold sRGB-like values; a blur made in linear
// light is only a convolution after the curve is undone.
#include "core/image.hpp"

namespace deblur {

struct ToneCurve {
  enum class Kind { Linear, Srgb, Gamma };
  Kind kind = Kind::Linear;
  double gamma = 2.2;  // Kind::Gamma: stored = linear^(1/gamma)

  float decode(float stored) const;  // stored value → linear light (both 1 at white)
  float encode(float linear) const;  // linear light → stored value; below 0 gives 0
  // d linear / d stored at a stored value: how much a step of the stored value moves linear light.
  float slope(float stored) const;
};

// The same, applied to every pixel (in place).
void decode(Image& image, const ToneCurve& curve);
void encode(Image& image, const ToneCurve& curve);

}  // namespace deblur
