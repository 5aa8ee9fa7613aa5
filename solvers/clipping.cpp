// Where a photo is clipped (saturated lights, white paper): the model y = h ⊛ x breaks there, since
// y stopped at the sensor's or the file's top while h ⊛ x went on.
#include "solvers/blind_deconvolution.hpp"

namespace deblur::solvers {

float saturation_level(const Options& options, const ToneCurve& curve) {
  const auto level = static_cast<float>(options.final_saturation);
  return level > 1 ? level : curve.decode(level);
}

Image clipped_pixels(const std::vector<Image>& planes, const Options& options, const ToneCurve& curve) {
  if (planes.empty()) return {};
  const float level = saturation_level(options, curve);
  Image clipped = Image::Zero(planes.front().rows(), planes.front().cols());
  for (const Image& plane : planes) clipped = (plane.array() >= level).select(1.0f, clipped);
  return clipped;
}

}  // namespace deblur::solvers
