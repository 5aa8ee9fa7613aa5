#pragma once
// The kernel's constraint set and its clean-up, between h-steps and on the kernel an estimator returns:
// h ≥ 0, Σh = 1, no faint haze, mass centred (a shifted kernel with a shifted image explains y equally
// well; centring fixes it).
#include "core/image.hpp"
#include "solvers/options.hpp"

namespace deblur::solvers {

// Euclidean projection onto the simplex {h ≥ 0, Σh = 1} (sort-based, Duchi et al. 2008).
Image project_to_simplex(const Image& h);

// h/Σh with the sum taken in double: how a finished kernel is normalised, an estimate as well as one
// read from a file. A kernel whose sum is already 1 within float rounding (|Σh − 1| ≤ 1e-6) comes back
// as it is, so normalising is idempotent: an estimate and the same kernel saved and read back are the
// same floats (dividing again by a sum 1 ± ulps would move single entries by an ulp).
Image normalised_kernel(const Image& h);

// Zeroes entries below `fraction` of the maximum, then renormalises to Σ = 1.
void threshold_kernel(Image& h, double fraction);

// Zeroes entries below `fraction` of the mass-weighted mean entry w̄ = Σh²/Σh (the value at which the
// average unit of mass sits), then renormalises. Relative to the maximum the cut is fraction·w̄/max:
// low where a bright dwell holds the mass and the path beyond it is faint, higher on an evenly
// weighted path, where entries that faint are haze.
void threshold_kernel_below_mean(Image& h, double fraction);

// Drops every 8-connected group of non-zero entries holding less than `min_mass` of the total (the
// isolated specks that noise leaves), keeping at least the heaviest group, then renormalises.
void remove_small_components(Image& h, double min_mass);

// Integer shift (rows, cols) that moves the kernel's centre of mass nearest to its central pixel.
struct Shift {
  Index rows = 0, cols = 0;
};
Shift centring_shift(const Image& h);

// Shifts a by s, h'[i][j] = h[i − s.rows][j − s.cols], filling with zeros; mass that leaves is lost.
Image shift_kernel(const Image& h, Shift s);
// Side of the smallest centred odd square that holds every non-zero entry of h.
int kernel_support(const Image& h);
// Side of the smallest centred odd square holding at least `fraction` of h's mass (support ignoring
// faint specks far out).
int kernel_mass_support(const Image& h, double fraction);

// The central k×k block of h (k odd, at most h's side), renormalised to Σ = 1.
Image crop_kernel(const Image& h, int k);

// The kernel an estimator returns, made from its last h: resampled to `side` (an estimation that
// stopped at a coarser scale), entries below kernel.final_threshold of the maximum and then below
// kernel.final_mean_threshold of Σh²/Σh zeroed, cropped to the support of what is left unless
// kernel.size was given, normalised. `support` is that support's side.
struct FinishedKernel {
  Image h;
  int support = 0;
};
FinishedKernel finished_kernel(Image h, int side, const Options& options);

}  // namespace deblur::solvers
