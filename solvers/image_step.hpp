#pragma once
// The x-step: decreases F(x) = ½‖h ⊛ x − y‖² + λ R(x) (R the sparse gradient prior) for a fixed kernel
// by one majorise-minimise round: the IRLS weights are frozen at x, which gives a quadratic Q ≥ F
// with Q(x) = F(x), and conjugate gradients decrease Q from x — so F never increases.
// The blind x-step runs one round per outer iteration (warm start); the non-blind pass runs several.
#include "core/objective.hpp"
#include "core/priors.hpp"

namespace deblur::solvers {

struct ImageStepSettings {
  double lambda = 0.01;     // prior weight λ
  GradientPrior prior;      // ρ(t) = (t²+ε²)^{p/2}
  int cg_iterations = 10;   // CG iterations on the majoriser
  double step = 1.0;        // multiplier of the exact CG step along each direction, in (0, 2)
  double tolerance = 1e-4;  // stop CG when ‖∇Q‖ falls below this fraction of its start
};

struct ImageStepResult {
  double data_term = 0, prior_term = 0;  // ½‖h⊛x−y‖² and R(x) at the returned x (objective = data + λ·prior)
  double mean_step = 0;                  // mean CG step length taken
  int iterations = 0;                    // CG iterations run
};

// `data` must hold the kernel; x (sized for it) is updated in place.
ImageStepResult image_step(DataTerm& data, Image& x, const ImageStepSettings& settings);

// F(x) split into its terms; leaves `data` holding x.
ImageStepResult image_objective(DataTerm& data, const Image& x, const ImageStepSettings& settings);

}  // namespace deblur::solvers

namespace deblur::solvers {

// The valid-model starting image for observation y and a k×k kernel: y extended by (k−1)/2 pixels
// on each side by replicating its border.
Image initial_image(const Image& y, int k);

}  // namespace deblur::solvers
