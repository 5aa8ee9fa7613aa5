#pragma once
// The closed-form estimator (run.estimator = "fourier"), after Pan et al. 2014 and Xu et al. 2013:
// coarse to fine, each scale alternating
//   x-step  min ‖h⊛x − y‖² + λ‖∇x‖₀ by half-quadratic splitting, every sub-step one division in
//           Fourier (the weight β of the splitting doubling from 2λ), on y extended to a periodic image;
//   h-step  min Σ_d ‖h⊛∂_d x − ∂_d y‖² + γE‖h‖² over the k×k window, by CG whose operator is one
//           product in Fourier (E: the energy of the x gradients used, so γ means the same at every scale);
// then the clean-up after every h-step: entries under kernel.threshold of the maximum zeroed, connected
// groups under kernel.min_component of the mass removed, mass recentred. The window keeps its size at
// every scale (no crop onto a bright dwell: a faint stretch that appears at a fine scale has room).
#include "solvers/blind_deconvolution.hpp"

namespace deblur::solvers {

// y: the estimation window, stretched to [0, 1]; k: the kernel window's side at full resolution;
// contrast: y's gradient RMS, noise removed. The L0 weight is image_step.contrast_lambda·contrast²: the
// threshold |∇x|² < λ/β then means the same on a dim linear-light photo as on a contrasty page.
KernelEstimate estimate_kernel_fourier(const Image& y, int k, double contrast, const Options& options,
                                       const IterationCallback& callback);

}  // namespace deblur::solvers
