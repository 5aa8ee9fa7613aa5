#include "solvers/image_step.hpp"

#include "core/finite_differences.hpp"

#include <algorithm>

namespace deblur::solvers {
namespace {

double dot(const Image& a, const Image& b) { return a.cast<double>().cwiseProduct(b.cast<double>()).sum(); }

// Σ_d D_dᵀ(w_d ⊙ D_d v): the prior part of the majoriser's Hessian (without the factor 2λ).
Image weighted_laplacian(const Image& v, const Image& w_cols, const Image& w_rows) {
  return diff_cols_adjoint(w_cols.cwiseProduct(diff_cols(v))) + diff_rows_adjoint(w_rows.cwiseProduct(diff_rows(v)));
}

}  // namespace

ImageStepResult image_objective(DataTerm& data, const Image& x, const ImageStepSettings& s) {
  data.set_image(x);
  ImageStepResult r;
  r.data_term = data.value();
  r.prior_term = s.prior.value(x);
  return r;
}

ImageStepResult image_step(DataTerm& data, Image& x, const ImageStepSettings& s) {
  const Image w_cols = s.prior.weights(diff_cols(x)), w_rows = s.prior.weights(diff_rows(x));
  const float two_lambda = static_cast<float>(2 * s.lambda);

  // The data gradient g(v) = Hᵀ(Hv − y) is affine, so HᵀHv = g(v) − g(0).
  Image g0, g;
  data.set_image(Image::Zero(x.rows(), x.cols()));
  data.evaluate(&g0, nullptr);
  data.set_image(x);
  data.evaluate(&g, nullptr);

  Image r = -(g + two_lambda * weighted_laplacian(x, w_cols, w_rows));  // −∇Q(x)
  Image p = Image::Zero(x.rows(), x.cols());
  const double r0 = dot(r, r);
  double rr = r0, step_sum = 0;
  ImageStepResult result;
  for (int it = 0; it < s.cg_iterations && rr > s.tolerance * s.tolerance * r0 && rr > 0; ++it) {
    if (it == 0) p = r;
    if (dot(r, p) <= 0) p = r;  // keep a descent direction when steps are not exact
    data.set_image(p);
    data.evaluate(&g, nullptr);
    const Image ap = (g - g0) + two_lambda * weighted_laplacian(p, w_cols, w_rows);
    const double pap = dot(p, ap);
    if (pap <= 0) break;
    const double alpha = s.step * dot(r, p) / pap;
    x += static_cast<float>(alpha) * p;
    Image r_next = r - static_cast<float>(alpha) * ap;
    const double beta = std::max(0.0, dot(r_next, r_next - r) / rr);  // Polak–Ribière+: plain CG when steps are exact
    r = std::move(r_next);
    rr = dot(r, r);
    p = r + static_cast<float>(beta) * p;
    step_sum += alpha;
    ++result.iterations;
  }
  const ImageStepResult values = image_objective(data, x, s);
  result.data_term = values.data_term;
  result.prior_term = values.prior_term;
  result.mean_step = result.iterations ? step_sum / result.iterations : 0;
  return result;
}

}  // namespace deblur::solvers

namespace deblur::solvers {

Image initial_image(const Image& y, int k) {
  const Index b = (k - 1) / 2, m = y.rows() + k - 1, n = y.cols() + k - 1;
  Image x(m, n);
  for (Index i = 0; i < m; ++i) {
    const Index si = std::clamp<Index>(i - b, 0, y.rows() - 1);
    for (Index j = 0; j < n; ++j) x(i, j) = y(si, std::clamp<Index>(j - b, 0, y.cols() - 1));
  }
  return x;
}

}  // namespace deblur::solvers
