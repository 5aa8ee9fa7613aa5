#include "solvers/kernel_step.hpp"

#include "core/fft.hpp"
#include "core/finite_differences.hpp"
#include "core/parallel.hpp"

#include <algorithm>

namespace deblur::solvers {

KernelStepSettings kernel_step_settings(const Options& o) {
  return {o.kernel_tikhonov, o.kernel_iterations, o.step_h, resolve_threads(o.threads)};
}

KernelStep::KernelStep(const Image& y, int k, KernelStepSettings settings, DataTermOptions options)
    : settings_(settings), cols_(diff_cols(y), k, k, options), rows_(diff_rows(y), k, k, options) {}

void KernelStep::set_observation_mask(const Image& keep) {
  if (keep.size() == 0) {
    cols_.set_observation_mask(keep);
    rows_.set_observation_mask(keep);
    return;
  }
  // Checked here: the differences' masks of a 1×1 mask would be empty, which means "keep all".
  const Index p = rows_.observation().rows() + 1, q = cols_.observation().cols() + 1;
  if (keep.rows() != p || keep.cols() != q)
    throw InvalidInput("observation mask " + shape_string(keep) + " does not match the observation " +
                       std::to_string(p) + "x" + std::to_string(q));
  cols_.set_observation_mask((keep.leftCols(q - 1).array() * keep.rightCols(q - 1).array()).matrix());
  rows_.set_observation_mask((keep.topRows(p - 1).array() * keep.bottomRows(p - 1).array()).matrix());
}

void KernelStep::set_image(const Image& x) { set_gradients(diff_cols(x), diff_rows(x)); }

// The two directions are independent problems until their sums: with two threads each direction's
// transforms run on its own one, which gains at every size, where threads inside one small FFT do not.
void KernelStep::set_gradients(const Image& cols, const Image& rows) {
  double energy_cols = 0, energy_rows = 0;
  parallel_invoke(
      settings_.threads,
      [&] {
        cols_.set_image(cols);
        energy_cols = squared_norm(cols);
      },
      [&] {
        rows_.set_image(rows);
        energy_rows = squared_norm(rows);
      });
  const Index k = cols_.kernel_rows();
  ridge_ = settings_.tikhonov * (energy_cols + energy_rows);
  data_gradient(Image::Zero(k, k), &grad_at_zero_);
}

double KernelStep::data_gradient(const Image& h, Image* grad) {
  double f_cols = 0, f_rows = 0;
  parallel_invoke(
      settings_.threads,
      [&] {
        cols_.set_kernel(h);
        f_cols = cols_.evaluate(nullptr, grad ? &grad_cols_ : nullptr);
      },
      [&] {
        rows_.set_kernel(h);
        f_rows = rows_.evaluate(nullptr, grad ? &grad_rows_ : nullptr);
      });
  if (grad) *grad = grad_cols_ + grad_rows_;
  return f_cols + f_rows;
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
  Image& solved = result.solved;
  solved = h;
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
  Image projected = solved.cwiseMax(0.0f);
  const float sum = projected.sum();
  if (sum > 0) h = projected / sum;
  return result;
}

}  // namespace deblur::solvers
