#include "solvers/kernel_step.hpp"

#include "core/finite_differences.hpp"

#include <algorithm>

namespace deblur::solvers {

KernelStep::KernelStep(const Image& y, int k, KernelStepSettings settings, DataTermOptions options)
    : settings_(settings), cols_(diff_cols(y), k, k, options), rows_(diff_rows(y), k, k, options) {}

void KernelStep::set_image(const Image& x) { set_gradients(diff_cols(x), diff_rows(x)); }

void KernelStep::set_gradients(const Image& cols, const Image& rows) {
  cols_.set_image(cols);
  rows_.set_image(rows);
  const Index k = cols_.kernel_rows();
  ridge_ = settings_.tikhonov * (squared_norm(cols) + squared_norm(rows));
  data_gradient(Image::Zero(k, k), &grad_at_zero_);
}

double KernelStep::data_gradient(const Image& h, Image* grad) {
  cols_.set_kernel(h);
  rows_.set_kernel(h);
  Image gc, gr;
  const double f = cols_.evaluate(nullptr, grad ? &gc : nullptr) + rows_.evaluate(nullptr, grad ? &gr : nullptr);
  if (grad) *grad = gc + gr;
  return f;
}

double KernelStep::objective(const Image& h) {
  return data_gradient(h, nullptr) + 0.5 * ridge_ * h.cast<double>().squaredNorm();
}

KernelStepResult KernelStep::run(Image& h) {
  const float gamma = static_cast<float>(ridge_);
  KernelStepResult result;
  Image g;
  result.objective_start = data_gradient(h, &g) + 0.5 * gamma * h.cast<double>().squaredNorm();
  Image r = -(g + gamma * h), p = r, ap;
  Image solved = h;
  double rr = dot(r, r);
  int steps = 0;
  for (int it = 0; it < settings_.iterations && rr > 0; ++it) {
    if (dot(r, p) <= 0) p = r;
    data_gradient(p, &ap);
    ap += gamma * p - grad_at_zero_;  // (XᵀX + γ)p, since the data gradient is affine
    const double pap = dot(p, ap);
    if (pap <= 0) break;
    const double alpha = settings_.step * dot(r, p) / pap;
    solved += static_cast<float>(alpha) * p;
    Image r_next = r - static_cast<float>(alpha) * ap;
    const double beta = std::max(0.0, dot(r_next, r_next - r) / rr);  // Polak–Ribière+: plain CG for exact steps
    r = std::move(r_next);
    rr = dot(r, r);
    p = r + static_cast<float>(beta) * p;
    result.mean_step += alpha;
    ++steps;
  }
  if (steps) result.mean_step /= steps;
  result.objective_solved = objective(solved);
  Image projected = solved.cwiseMax(0.0f);
  const float sum = projected.sum();
  if (sum > 0) h = projected / sum;
  result.objective_end = objective(h);
  return result;
}

}  // namespace deblur::solvers
