#pragma once
// The h-step: minimises G(h) = ½Σ_d ‖h ⊛ ∂_d x − ∂_d y‖² + ½γ·E‖h‖² for a fixed image, in the gradient
// domain (d = rows, cols; better conditioned than intensities, and flat regions that carry no
// kernel information drop out), by conjugate gradients from the current h — the ridge keeps the
// system well conditioned so a few dozen iterations come close to the exact solution — then
// projects onto {h ≥ 0, Σh = 1} by clipping negatives and rescaling (as Pan et al. 2014 / Anger et
// al. 2019; the Euclidean simplex projection instead cuts small positive entries and breaks thin
// kernels apart).
// E = Σ_d‖∂_d x‖² (over the gradients the h-step uses) is, up to the border, each diagonal entry of
// the data term's Hessian: the ridge weighs γ relative to the data, so it means the same on a flat or
// contrasty, small or large image and at every scale (an absolute γ drowned the data of the coarse
// scales and of flat images, e.g. retina and cell, in the ridge, leaving a diffuse blob).
#include "core/objective.hpp"
#include "solvers/options.hpp"

namespace deblur::solvers {

// No defaults of its own: kernel_step_settings() fills it from Options.
struct KernelStepSettings {
  double tikhonov;  // γ, relative to the gradient energy E of x
  int iterations;   // CG iterations
  double step;      // multiplier of the exact CG step along each direction
  int threads;      // ≥ 2: the two directions' data terms work at once (results are the same)
};

// The h-step that ships: kernel.tikhonov, kernel_step.iterations and .step, run.threads.
KernelStepSettings kernel_step_settings(const Options& options);

struct KernelStepResult {
  double objective_start = 0;  // G(h) before (a by-product of the first gradient)
  double mean_step = 0;        // mean CG step
  Image solved;                // h after the CG iterations, before the projection; G of it or of the
                               // projected h costs a data-term evaluation, so run() leaves it to objective()
};

class KernelStep {
 public:
  // y: the observation at this scale; k: kernel side.
  KernelStep(const Image& y, int k, KernelStepSettings settings, DataTermOptions options = {});

  // The image of the next steps (m×n = y's size + k − 1): all its gradients.
  void set_image(const Image& x);
  // Only some of x's gradients (∂_cols x, ∂_rows x with the others zeroed; see edge_selection.hpp).
  void set_gradients(const Image& cols, const Image& rows);
  // Pixels of y to leave out of the fit (non-zero = kept; p×q like y; empty = all): a difference of
  // y enters only when both its pixels are kept. Call before set_image / set_gradients. Throws
  // InvalidInput for a mask of another size.
  void set_observation_mask(const Image& keep);
  // G(h).
  double objective(const Image& h);
  // Decreases G from h by CG, then projects h onto {h ≥ 0, Σh = 1}. If no entry stays positive, h
  // is left unchanged.
  KernelStepResult run(Image& h);

 private:
  double data_gradient(const Image& h, Image* grad);  // ½Σ_d‖…‖² and its gradient

  KernelStepSettings settings_;
  DataTerm cols_, rows_;
  Image grad_at_zero_;  // −Σ_d X_dᵀ ∂_d y: the affine part of the gradient
  Image grad_cols_, grad_rows_;  // each direction's part of the data gradient
  double ridge_ = 0;    // γ·E
};

}  // namespace deblur::solvers
