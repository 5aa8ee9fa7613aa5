// The final non-blind pass: hyper-Laplacian deconvolution on the valid model by IRLS rounds of the
// x-step (Krishnan & Fergus 2009's prior, solved without their circular boundary), cropped to y.
#include "solvers/blind_deconvolution.hpp"
#include "solvers/data_term_options.hpp"
#include "solvers/image_step.hpp"

#include <algorithm>

namespace deblur::solvers {

Image deconvolve(const Image& y, const Image& h, const Options& options) {
  require_finite(y, "image");
  require_finite(h, "kernel");
  if (h.rows() != h.cols() || h.rows() % 2 == 0)
    throw InvalidInput("kernel " + shape_string(h) + " must be square with an odd side");
  if (h.rows() > y.rows() || h.cols() > y.cols())
    throw InvalidInput("kernel " + shape_string(h) + " is larger than image " + shape_string(y));
  const int k = static_cast<int>(h.rows());
  DataTerm data(y, k, k, data_term_options(options, y.rows(), y.cols()));
  data.set_kernel(h);
  ImageStepSettings settings;
  settings.lambda = options.final_lambda;
  settings.prior = {options.final_p, options.final_epsilon};
  settings.cg_iterations = options.final_cg_iterations;
  settings.step = options.step_x;
  settings.rounds = options.final_irls_rounds;
  // The work budget caps the CG iterations on large photos (a 12 MP channel gets about ten): fewer
  // re-weightings first, since each needs several iterations to pay off.
  const double megapixels = static_cast<double>(y.size()) * 1e-6;
  const int allowed = std::max(4, static_cast<int>(options.final_work_budget / megapixels));
  if (allowed < settings.rounds * settings.cg_iterations) {
    settings.rounds = std::clamp(allowed / 8, 1, settings.rounds);
    settings.cg_iterations = std::max(1, allowed / settings.rounds);
  }
  Image x = initial_image(y, k);
  image_step(data, x, settings);
  return x.block((k - 1) / 2, (k - 1) / 2, y.rows(), y.cols());
}

}  // namespace deblur::solvers
