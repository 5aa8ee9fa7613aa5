#pragma once
// The final non-blind pass, on the valid model y = h ⊛ x (x larger than y by k − 1, no boundary
// invented), minimising
//   F(x) = Σ_{y's pixels} D(y_i, (h⊛x)_i) + λ Σ_{x's pixels} ρ(|∇x|),   ρ(t) = (t² + ε²)^{p/2},
// |∇x| the magnitude of the two forward differences inside x (isotropic), and D the squared error
// ½(u − y)², one-sided where y is clipped (Cho, Wang & Lee 2011; Whyte et al. 2014): at y ≥ the
// saturation level the true value is only known to be at least y, so D = ½ max(0, y − u)². The planes
// are linear light; where the file stored them through a tone curve, each pixel's D is weighted by
// (s̄ / s_i)², s_i the curve's slope at that pixel and s̄ its mean, so that a residual counts as the step
// of stored value it makes (the file's noise and JPEG's error are even there, not in linear light).
//
// Solved by ADMM with the data term's argument as its own variable (Almeida & Figueiredo 2013): on a
// periodic domain of a fast FFT size, u = h⊛x with u free outside y's pixels, w = ∇x with the prior
// only inside x. The x-update is then one FFT division, and the u- and w-updates are per pixel
// (closed form, and Krishnan & Fergus 2009's lookup table): four FFTs an iteration.
#include "core/image.hpp"
#include "core/tone_curve.hpp"
#include "solvers/blind_deconvolution.hpp"
#include "solvers/options.hpp"

#include <vector>

namespace deblur::solvers {

// No defaults of its own: nonblind_settings() fills every field from Options.
struct NonblindSettings {
  double lambda;           // λ
  double p;                // exponent of ρ
  double epsilon;          // ε of ρ
  int iterations;          // ADMM iterations
  double beta_data;        // penalty of u = h⊛x
  double beta_prior;       // penalty of w = ∇x
  double saturation;       // y at or above this is clipped (one-sided data term); > 1: none
  ToneCurve curve;         // the planes are linear light that was stored through this curve
  double reference_slope;  // the data term weighs pixel i by (reference_slope / the curve's slope at y_i)²
  int threads;
};

// The settings `options` give for these planes: λ from their noise level (core/image_statistics),
// raised for a flat photo (final.flat_gradient_rms), at least final.estimated_kernel_lambda for an
// estimated kernel, shared by every plane so that colours stay registered.
// `curve` says how the linear planes were stored: the noise is measured, and the data term weighted, in
// stored values (the λ rule was fitted there).
// `quantisation_rms` is the bound of a JPEG's error (0 for a lossless file; final.jpeg_noise).
NonblindSettings nonblind_settings(const std::vector<Image>& planes, const Options& options, KernelSource source,
                                   const ToneCurve& curve = {}, double quantisation_rms = 0);

// Deconvolves each plane with the same kernel and settings; returns images of the planes' size.
std::vector<Image> deconvolve(const std::vector<Image>& planes, const Image& h, const NonblindSettings& settings);

}  // namespace deblur::solvers
