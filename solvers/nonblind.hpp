#pragma once
// The final non-blind pass, on the valid model y = h ⊛ x (x larger than y by k − 1, no boundary
// invented), minimising
//   F(x) = Σ_{y's pixels} D(y_i, (h⊛x)_i) + λ Σ_{x's pixels} ρ(|∇x|),   ρ(t) = (t² + ε²)^{p/2},
// |∇x| the magnitude of the two forward differences inside x (isotropic), and D the squared error
// ½(u − y)², one-sided where y is clipped (Cho, Wang & Lee 2011; Whyte et al. 2014): at y ≥ the
// saturation level the true value is only known to be at least y, so D = ½ max(0, y − u)².
//
// Solved by ADMM with the data term's argument as its own variable (Almeida & Figueiredo 2013): on a
// periodic domain of a fast FFT size, u = h⊛x with u free outside y's pixels, w = ∇x with the prior
// only inside x. The x-update is then one FFT division, and the u- and w-updates are per pixel
// (closed form, and Krishnan & Fergus 2009's lookup table): four FFTs an iteration.
#include "core/image.hpp"
#include "solvers/blind_deconvolution.hpp"
#include "solvers/options.hpp"

#include <vector>

namespace deblur::solvers {

struct NonblindSettings {
  double lambda = 1e-3;       // λ
  double p = 0.8;             // exponent of ρ
  double epsilon = 1e-3;      // ε of ρ
  int iterations = 30;        // ADMM iterations
  double beta_data = 1;       // penalty of u = h⊛x
  double beta_prior = 1e-2;   // penalty of w = ∇x
  double saturation = 1;      // y at or above this is clipped (one-sided data term); > 1: none
  int threads = 1;
};

// The settings `options` give for these planes: λ from their noise level (core/image_statistics),
// raised for a flat photo (final.flat_gradient_rms), at least final.estimated_kernel_lambda for an
// estimated kernel, shared by every plane so that colours stay registered.
NonblindSettings nonblind_settings(const std::vector<Image>& planes, const Options& options, KernelSource source);

// Deconvolves each plane with the same kernel and settings; returns images of the planes' size.
std::vector<Image> deconvolve(const std::vector<Image>& planes, const Image& h, const NonblindSettings& settings);

}  // namespace deblur::solvers
