#pragma once
// The x-steps, both on the valid model through core's DataTerm, both solving weighted quadratic
// problems ½‖h⊛x − y‖² + ½Σ_d ‖√W_d (∂_d x − t_d)‖² by conjugate gradients:
// - image_step: majorise-minimise rounds of F(x) = ½‖h⊛x−y‖² + λ R(x), R the smooth sparse prior
//   (IRLS weights frozen at x give a quadratic Q ≥ F with Q(x) = F(x); CG decreases Q from x, so F
//   never increases).
// - sharp_image_step: the blind x-step, the L0 gradient prior of Xu et al. 2013 / Pan et al. 2014 by
//   half-quadratic splitting: for β = 4λ, 4λκ, … up to β_max, t = ∂x with entries t² < 2λ/β set to 0,
//   then x ← argmin ½‖h⊛x−y‖² + ½β‖∂x − t‖². It starts from y (not the previous x): with small β it
//   first deconvolves, then keeps only the salient edges — the sharp image the h-step needs.
#include "core/objective.hpp"
#include "core/priors.hpp"
#include "solvers/options.hpp"

namespace deblur::solvers {

// No defaults of its own (nor has SharpImageSettings): the builders below fill them from Options.
struct ImageStepSettings {
  double lambda;        // prior weight λ
  GradientPrior prior;  // ρ(t) = (t²+ε²)^{p/2}
  int cg_iterations;    // CG iterations on the majoriser
  double step;          // multiplier of the exact CG step along each direction, in (0, 2)
  double tolerance;     // stop CG when ‖∇Q‖ falls below this fraction of its start
  int rounds;           // majorise-minimise rounds (IRLS re-weightings), cg_iterations each
};

// The blind x-step with image_step.prior = tv at the continuation's L0 weight `lambda`, for an image
// of gradient RMS `contrast` (noise removed): TV weight tv_lambda·contrast·lambda/image_step.lambda;
// its CG stops at 10⁻⁴ of the starting gradient (a fixed part of the solver, not an option).
ImageStepSettings tv_image_step_settings(const Options& options, double lambda, double contrast);

struct ImageStepResult {
  double data_term = 0, prior_term = 0;  // ½‖h⊛x−y‖² and R(x) at the returned x (objective = data + λ·prior)
  double mean_step = 0;                  // mean CG step length taken
  int iterations = 0;                    // CG iterations run
};

// `data` must hold the kernel; x (sized for it) is updated in place.
ImageStepResult image_step(DataTerm& data, Image& x, const ImageStepSettings& settings);

// F(x) split into its terms; leaves `data` holding x.
ImageStepResult image_objective(DataTerm& data, const Image& x, const ImageStepSettings& settings);

struct SharpImageSettings {
  double lambda;       // L0 weight: a gradient is kept when ½t² exceeds λ/β
  double beta_max;     // last β of the splitting
  double beta_factor;  // κ: β ← κβ
  int cg_iterations;   // CG iterations per β
  double step;         // multiplier of the exact CG step
};

// The L0 x-step at the continuation's weight `lambda`: image_step.beta_max, .beta_factor,
// .cg_iterations and .step.
SharpImageSettings sharp_image_settings(const Options& options, double lambda);

// Replaces x by the L0-sparse sharp estimate for the kernel held by `data` (x starts from y's
// border extension). prior_term of the result: the number of non-zero entries of the last t.
ImageStepResult sharp_image_step(DataTerm& data, Image& x, const SharpImageSettings& settings);

// The valid-model starting image for observation y and a k×k kernel: y extended by (k−1)/2 pixels
// on each side by replicating its border.
Image initial_image(const Image& y, int k);

}  // namespace deblur::solvers
