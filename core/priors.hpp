#pragma once
// Sparse image-gradient prior: R(x) = Σ ρ(∂x) over both forward differences, with the smoothed
// ℓp penalty ρ(t) = (t² + ε²)^{p/2}, 0 < p ≤ 2. For p < 1 it favours few strong edges over many
// weak ones (Levin et al. 2007, Krishnan & Fergus 2009), which is what blind estimation needs.
#include "core/image.hpp"

namespace deblur {

struct GradientPrior {
  double p;        // exponent: 1 ≈ total variation (anisotropic), < 1 edge-favouring
  double epsilon;  // smoothing of ρ near zero

  // R(x).
  double value(const Image& x) const;
  // IRLS weights of one difference image d: w = ρ'(t)/(2t) = (p/2)(t² + ε²)^{p/2−1}. Since ρ is
  // concave in t², ρ(t) ≤ ρ(t₀) + w(t₀)(t² − t₀²): the weighted quadratic majorises R at x₀.
  Image weights(const Image& d, int threads = 1) const;
};

}  // namespace deblur
