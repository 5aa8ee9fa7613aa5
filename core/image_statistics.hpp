#pragma once
// Statistics of an observed image that make the solver's weights mean the same on every photo.
#include "core/image.hpp"

namespace deblur {

// Standard deviation of additive white noise, by Immerkær 1996 ("Fast noise variance estimation"):
// the mask N = [1 −2 1; −2 4 −2; 1 −2 1] cancels planes and most of a smooth (e.g. blurred) image, and
// for white noise E|N⋆y| = 6σ√(2/π). Needs at least 3×3 pixels.
double noise_sigma(const Image& y);

// RMS of y's gradient (forward differences) with the noise's share removed: each difference of white
// noise adds 2σ² to its mean square, so the signal's is mean(∂c² + ∂r²) − 4σ² (0 if noise explains all).
double signal_gradient_rms(const Image& y, double sigma);

}  // namespace deblur
