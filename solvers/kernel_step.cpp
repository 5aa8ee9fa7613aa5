#include "solvers/kernel_step.hpp"

#include "core/finite_differences.hpp"
#include "solvers/kernel_projection.hpp"

#include <cmath>

namespace deblur::solvers {
namespace {

double dot(const Image& a, const Image& b) { return a.cast<double>().cwiseProduct(b.cast<double>()).sum(); }

// Power iterations per h-step once the vector is warm, and the first time for an image.
constexpr int kWarmPowerIterations = 3;
constexpr int kColdPowerIterations = 12;
// The Rayleigh quotient underestimates L; a margin keeps 1/L stable.
constexpr double kLipschitzMargin = 1.1;

}  // namespace

KernelStep::KernelStep(const Image& y, int k, KernelStepSettings settings, DataTermOptions options)
    : settings_(settings), cols_(diff_cols(y), k, k, options), rows_(diff_rows(y), k, k, options) {}

void KernelStep::set_image(const Image& x) {
  const Image dc = diff_cols(x), dr = diff_rows(x);
  cols_.set_image(dc);
  rows_.set_image(dr);
  gamma_ = settings_.tikhonov * (dc.cast<double>().squaredNorm() + dr.cast<double>().squaredNorm());
  const Index k = cols_.kernel_rows();
  gradient(Image::Zero(k, k), &grad_at_zero_);
}

double KernelStep::gradient(const Image& h, Image* grad) {
  cols_.set_kernel(h);
  rows_.set_kernel(h);
  Image gc, gr;
  const double f = cols_.evaluate(nullptr, grad ? &gc : nullptr) + rows_.evaluate(nullptr, grad ? &gr : nullptr);
  if (grad) *grad = gc + gr;
  return f;
}

double KernelStep::objective(const Image& h) {
  return gradient(h, nullptr) + 0.5 * gamma_ * h.cast<double>().squaredNorm();
}

double KernelStep::lipschitz(int iterations) {
  const Index k = cols_.kernel_rows();
  if (power_vector_.rows() != k) power_vector_ = Image::Constant(k, k, 1.0f / static_cast<float>(k));
  double rayleigh = 0;
  Image mv;
  for (int i = 0; i < iterations; ++i) {
    power_vector_ /= static_cast<float>(power_vector_.norm());
    gradient(power_vector_, &mv);
    mv -= grad_at_zero_;  // XᵀX v
    rayleigh = dot(power_vector_, mv);
    power_vector_ = mv;
  }
  return kLipschitzMargin * rayleigh + gamma_;
}

KernelStepResult KernelStep::run(Image& h) {
  const KernelStepSettings& s = settings_;
  const bool cold = power_vector_.rows() != cols_.kernel_rows();
  KernelStepResult result;
  result.lipschitz = lipschitz(cold ? kColdPowerIterations : kWarmPowerIterations);
  const Image start = project_to_simplex(h);
  result.objective_start = objective(start);
  for (double step = s.step / result.lipschitz;; step *= 0.5) {
    Image current = start, previous = start, z = start, grad;
    double t = 1;
    for (int it = 0; it < s.iterations; ++it) {
      gradient(z, &grad);
      grad += static_cast<float>(gamma_) * z;
      previous = current;
      current = project_to_simplex(z - static_cast<float>(step) * grad);
      // Adaptive restart (O'Donoghue & Candès): drop the momentum when it points uphill.
      if (dot(z - current, current - previous) > 0) t = 1;
      const double t_next = 0.5 * (1 + std::sqrt(1 + 4 * t * t));
      z = current + static_cast<float>((t - 1) / t_next) * (current - previous);
      t = t_next;
    }
    result.objective_end = objective(current);
    result.step = step;
    if (result.objective_end <= result.objective_start) {
      h = current;
      return result;
    }
    if (step < 1e-6 / result.lipschitz) {  // no decrease at any sensible step: keep the start
      h = start;
      result.objective_end = result.objective_start;
      return result;
    }
  }
}

}  // namespace deblur::solvers
