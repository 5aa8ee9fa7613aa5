#pragma once
// Coarse-to-fine scales: image resampling and the per-scale sizes of the kernel and observation.
#include "core/image.hpp"

#include <vector>

namespace deblur::solvers {

// Resamples `a` to rows×cols by area-weighted averaging when shrinking (no aliasing) and bilinear
// interpolation when enlarging; pixel centres are mapped so that the image's extent is preserved.
Image resize(const Image& a, Index rows, Index cols);

struct Scale {
  double ratio = 1;  // size relative to full resolution
  int kernel_size = 1;
  Index rows = 0, cols = 0;  // observation size at this scale
};

// Scales from coarsest (kernel ≈ coarsest_kernel) to finest (ratio 1), successive ratios `factor`.
// Kernel sides are odd and strictly increase; the observation is p×q at full resolution.
std::vector<Scale> plan_scales(Index p, Index q, int kernel_size, double factor, int coarsest_kernel);

// The odd integer nearest v (ties towards v), at least lo.
int odd_at_least(double v, int lo);

// Resamples kernel h to side k (odd), clamps negatives, normalises to Σ = 1.
Image resize_kernel(const Image& h, int k);

}  // namespace deblur::solvers
