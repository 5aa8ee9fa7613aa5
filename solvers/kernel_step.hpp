#pragma once
// The h-step: decreases G(h) = ½Σ_d ‖h ⊛ ∂_d x − ∂_d y‖² + ½γ‖h‖² over {h ≥ 0, Σh = 1} for a fixed
// image, in the gradient domain (d = rows, cols; better conditioned than intensities, and the
// flat regions that carry no kernel information drop out). Accelerated projected gradient (FISTA
// with adaptive restart), step 1/L with L from power iteration; if G rose, the step is halved.
#include "core/objective.hpp"

namespace deblur::solvers {

struct KernelStepSettings {
  double tikhonov = 1e-3;  // γ as a fraction of ‖∇x‖² (the scale of the operator's diagonal)
  int iterations = 20;     // projected-gradient iterations
  double step = 1.0;       // multiplier of 1/L
};

struct KernelStepResult {
  double objective_start = 0, objective_end = 0;  // G before and after
  double step = 0;                                // step length used (after any backtracking)
  double lipschitz = 0;                           // L estimate
};

class KernelStep {
 public:
  // y: the observation at this scale; k: kernel side.
  KernelStep(const Image& y, int k, KernelStepSettings settings, DataTermOptions options = {});

  // The image of the next steps (m×n = y's size + k − 1).
  void set_image(const Image& x);
  // G(h).
  double objective(const Image& h);
  // Decreases G from h (projected onto the simplex first if it is not on it).
  KernelStepResult run(Image& h);

 private:
  double gradient(const Image& h, Image* grad);  // G(h) without the γ term, and its gradient
  double lipschitz(int iterations);

  KernelStepSettings settings_;
  DataTerm cols_, rows_;
  Image grad_at_zero_;  // −Σ_d X_dᵀ ∂_d y: the affine part of the gradient
  Image power_vector_;  // warm start of the power iteration across calls
  double gamma_ = 0;
};

}  // namespace deblur::solvers
