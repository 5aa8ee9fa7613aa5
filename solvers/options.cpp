#include "solvers/options.hpp"

#include <cmath>
#include <sstream>

namespace deblur::solvers {

std::vector<OptionField> describe(Options& o) {
  return {
      {"kernel", "size", "odd kernel side in pixels; 0 = automatic", &o.kernel_size, 0, 501},
      {"kernel", "auto_fraction", "automatic size: fraction of the estimation region's smaller side", &o.auto_size_fraction, 0.01, 0.5},
      {"kernel", "auto_min", "automatic size: lower bound (px)", &o.auto_size_min, 3, 501},
      {"kernel", "auto_max", "automatic size: upper bound (px)", &o.auto_size_max, 3, 501},
      {"kernel", "auto_crop_slack", "automatic size: after each scale the window shrinks to this x the support found + 2 px", &o.auto_crop_slack, 1, 100},
      {"kernel", "auto_crop_mass", "automatic size: the support is the centred square holding this fraction of the kernel's mass", &o.auto_crop_mass, 0.5, 1},
      {"kernel", "threshold", "zero kernel entries below this fraction of its maximum", &o.kernel_threshold, 0, 0.5},
      {"kernel", "min_component", "remove connected kernel groups holding less than this mass", &o.kernel_min_component, 0, 1},
      {"kernel", "min_component_finest", "the same at the finest scale", &o.kernel_min_component_finest, 0, 1},
      {"kernel", "final_threshold", "zero entries of the returned kernel below this fraction of its maximum", &o.kernel_final_threshold, 0, 0.5},
      {"kernel", "final_mean_threshold", "then zero those below this fraction of its mass-weighted mean entry (sum h^2 / sum h): a lower cut, relative to the maximum, where a bright dwell holds the mass", &o.kernel_final_mean_threshold, 0, 1},
      {"kernel", "salient_ratio", "h-step keeps the r*k*sqrt(area) largest gradients of x per direction; 0 = all", &o.kernel_salient_ratio, 0, 1e3},
      {"kernel", "clipped", "luminance (linear light, white 1) at or above this is clipped: one hypothesis leaves it out of the h-step's fit, and the choice between them leaves it out (above 1: none)", &o.kernel_clipped, 0, 100},
      {"kernel", "tikhonov", "weight gamma of the h-step's 1/2 gamma E |h|^2, relative to the gradient energy E of x", &o.kernel_tikhonov, 0, 100},
      {"pyramid", "factor", "scale ratio between pyramid levels", &o.pyramid_factor, 0.3, 0.95},
      {"pyramid", "coarsest_kernel", "kernel side at the coarsest scale (px)", &o.coarsest_kernel, 1, 15},
      {"image_step", "prior", "blind x-step prior: l0 (L0 gradients, half-quadratic splitting) or tv (total variation, IRLS)", enum_value(o.image_prior)},
      {"image_step", "step", "multiplier of the exact CG step of the x-step (1 = plain CG)", &o.step_x, 0.01, 1.9},
      {"image_step", "lambda", "L0 gradient weight at the first iteration", &o.lambda, 1e-7, 1},
      {"image_step", "contrast_lambda", "estimator fourier: L0 weight at the first iteration per unit of the squared gradient RMS (noise removed); floor at the ratio lambda_min/lambda", &o.contrast_lambda, 1e-3, 1e6},
      {"image_step", "lambda_min", "floor of the L0 weight continuation", &o.lambda_min, 1e-8, 1},
      {"image_step", "lambda_decay", "L0 weight factor per iteration", &o.lambda_decay, 0.1, 1},
      {"image_step", "beta_max", "last half-quadratic splitting weight", &o.beta_max, 1e-3, 1e8},
      {"image_step", "beta_factor", "growth of the splitting weight per round", &o.beta_factor, 1.1, 100},
      {"image_step", "cg_iterations", "conjugate-gradient iterations per splitting round", &o.image_cg_iterations, 1, 1000},
      {"image_step", "tv_lambda", "prior tv: TV weight at the first iteration, per unit of the image's gradient RMS, noise removed (follows the continuation of lambda)", &o.tv_lambda, 1e-5, 100},
      {"image_step", "tv_epsilon", "prior tv: smoothing of sqrt(t^2 + epsilon^2)", &o.tv_epsilon, 1e-7, 1},
      {"image_step", "tv_irls_rounds", "prior tv: re-weightings per x-step", &o.tv_irls_rounds, 1, 100},
      {"image_step", "tv_cg_iterations", "prior tv: conjugate-gradient iterations per re-weighting", &o.tv_cg_iterations, 1, 1000},
      {"kernel_step", "step", "multiplier of the exact CG step of the h-step (1 = plain CG)", &o.step_h, 0.01, 1.9},
      {"kernel_step", "iterations", "conjugate-gradient iterations per h-step", &o.kernel_iterations, 1, 1000},
      {"run", "estimator", "kernel estimator: alternating (TV x-step, CG h-step, hypotheses) or fourier (L0 x-step and h-step in closed form)", enum_value(o.estimator)},
      {"run", "iterations", "outer iterations per scale, at most", &o.iterations, 1, 10000},
      {"run", "iterations_finest", "outer iterations at the finest scale, at most", &o.iterations_finest, 1, 10000},
      {"run", "hypotheses", "whole estimations from TV weights nudged by 0.0125 % steps (the second with clipped pixels out of the h-step if any), two at a time; the best fit to the unclipped pixels is kept", &o.hypotheses, 1, 16},
      {"run", "tolerance", "stop a scale when the relative kernel change is below this", &o.tolerance, 0, 1},
      {"run", "max_estimation_side", "estimate the kernel on a window at most this large (px)", &o.max_estimation_side, 32, 100000},
      {"run", "estimation_region", "where that window is unless --roi says: edges (most strong gradients away from clipped lights) or centre", enum_value(o.estimation_region)},
      {"run", "threads", "worker threads; 0 = all cores", &o.threads, 0, 256},
      {"run", "parallel_min_side", "images with both sides below this (px) get no threads inside their transforms; the h-step's two directions still run at once", &o.parallel_min_side, 0, 100000},
      {"final", "lambda", "prior weight of the non-blind pass for a photo with noise sigma = 1 % (sigma estimated from the photo)", &o.final_lambda, 1e-7, 10},
      {"final", "lambda_exponent", "the prior weight follows the noise: lambda * (sigma / 1 %)^exponent", &o.final_lambda_exponent, 0, 4},
      {"final", "estimated_kernel_lambda", "lambda is at least this when the kernel was estimated (its error acts as noise)", &o.final_estimated_kernel_lambda, 0, 10},
      {"final", "noise_floor", "noise sigma below this counts as this", &o.final_noise_floor, 1e-5, 0.5},
      {"final", "flat_gradient_rms", "a photo whose gradient RMS (noise removed) is below this gets lambda x this/RMS; 0 = off", &o.final_flat_gradient_rms, 0, 1},
      {"final", "p", "exponent of the non-blind gradient prior", &o.final_p, 0.05, 2},
      {"final", "epsilon", "smoothing of the non-blind gradient prior", &o.final_epsilon, 1e-6, 1},
      {"final", "iterations", "ADMM iterations of the non-blind pass (four FFTs each)", &o.final_iterations, 1, 10000},
      {"final", "beta_data", "ADMM penalty of the data split u = h*x, per unit of lambda (and of the data term's mean weight)", &o.final_beta_data, 1e-3, 1e8},
      {"final", "beta_prior", "ADMM penalty of the gradient split w = grad x, per unit of lambda", &o.final_beta_prior, 1e-6, 1e6},
      {"final", "saturation", "observed values at or above this are clipped: only a lower bound (above 1: none)", &o.final_saturation, 0.5, 2},
      {"final", "jpeg_noise", "a JPEG's quantisation error counts as noise: sigma = this x the RMS error its tables allow at most", &o.final_jpeg_noise, 0, 1},
  };
}

std::vector<std::string> Options::validate() const {
  Options copy = *this;
  std::vector<std::string> problems;
  for (const OptionField& f : describe(copy)) {
    const std::string name = f.section + "." + f.key;
    if (const auto* e = std::get_if<EnumValue>(&f.value)) {
      if (e->get().empty()) problems.push_back(name + " holds a value that is none of its choices");
      continue;
    }
    const double v = std::holds_alternative<double*>(f.value) ? *std::get<double*>(f.value) : *std::get<int*>(f.value);
    if (!std::isfinite(v) || v < f.min || v > f.max) {
      std::ostringstream s;
      s << name << " = " << v << " is outside [" << f.min << ", " << f.max << "]";
      problems.push_back(s.str());
    }
  }
  if (kernel_size != 0 && kernel_size % 2 == 0)
    problems.push_back("kernel.size = " + std::to_string(kernel_size) + " must be odd (or 0 for automatic)");
  if (auto_size_min > auto_size_max)
    problems.push_back("kernel.auto_min = " + std::to_string(auto_size_min) + " must not exceed kernel.auto_max = " +
                       std::to_string(auto_size_max));
  if (lambda_min > lambda) {
    std::ostringstream s;
    s << "image_step.lambda_min = " << lambda_min << " must not exceed image_step.lambda = " << lambda;
    problems.push_back(s.str());
  }
  if (coarsest_kernel % 2 == 0)
    problems.push_back("pyramid.coarsest_kernel = " + std::to_string(coarsest_kernel) + " must be odd");
  return problems;
}

}  // namespace deblur::solvers
