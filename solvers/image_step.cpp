#include "solvers/image_step.hpp"

#include "core/finite_differences.hpp"
#include "core/parallel.hpp"

#include <algorithm>
#include <vector>

namespace deblur::solvers {
namespace {

// ½‖h⊛x−y‖² + ½Σ_d ‖√W_d (∂_d x − t_d)‖², d = cols, rows.
struct Quadratic {
  Image w_cols, w_rows;  // W_d
  Image t_cols, t_rows;  // t_d (empty: zero)
};

// out = Σ_d ∂_dᵀ W_d (∂_d v − t_d), the regulariser's gradient (t omitted when `with_target` is false).
void regulariser_gradient(const Quadratic& q, const Image& v, bool with_target, Image& out,
                          std::vector<float>& scratch, int threads) {
  const bool target = with_target && q.t_cols.size();
  weighted_difference_gradient(v, q.w_cols, q.w_rows, target ? &q.t_cols : nullptr, target ? &q.t_rows : nullptr,
                               out, scratch, threads);
}

// g(0) = −Hᵀy. The data gradient g(v) = Hᵀ(Hv − y) is affine, so HᵀHv = g(v) − g(0).
Image gradient_at_zero(DataTerm& data, const Image& x) {
  Image g0;
  data.set_image(Image::Zero(x.rows(), x.cols()));
  data.gradients(&g0, nullptr);
  return g0;
}

// The CG loop's images, kept between iterations and rounds so that the loop does not allocate.
struct Workspace {
  Image g, r, r_next, change, p, ap;
  std::vector<float> rows;  // regulariser_gradient's
};

// Conjugate gradients on the quadratic from x (Polak–Ribière+, which is plain CG when the steps are
// exact; a step multiplier ≠ 1 keeps every step a descent step for the quadratic).
void minimise_quadratic(DataTerm& data, const Image& g0, Image& x, const Quadratic& q, int iterations, double step,
                        double tolerance, ImageStepResult& result, Workspace& w) {
  const int threads = data.threads();
  // The vector updates run in passes over blocks of the images, each pass returning the sum of its
  // block dots (core's dot blocks, so the numbers are dot()'s, to the bit, on any number of threads).
  const auto pass = [&](auto&& update) { return parallel_block_sum(x.size(), kDotBlock, threads, kMinChunkPixels, update); };
  data.set_image(x);
  data.gradients(&w.g, nullptr);
  regulariser_gradient(q, x, true, w.r, w.rows, threads);
  w.p.resize(x.rows(), x.cols());
  w.r_next.resize(x.rows(), x.cols());
  w.change.resize(x.rows(), x.cols());
  // r = −(g + ∇R), p = r; ⟨r, r⟩.
  const double r0 = pass([&](Index s, Index n) {
    for (Index i = s; i < s + n; ++i) w.p.data()[i] = w.r.data()[i] = -(w.g.data()[i] + w.r.data()[i]);
    return block_dot(w.r.data() + s, w.r.data() + s, n);
  });
  double rr = r0;
  double rp = r0;  // ⟨r, p⟩, formed with each new p
  for (int it = 0; it < iterations && rr > tolerance * tolerance * r0 && rr > 0; ++it) {
    if (rp <= 0) {
      w.p = w.r;
      rp = dot(w.r, w.p, threads);
    }
    data.set_image(w.p);
    data.gradients(&w.g, nullptr);
    regulariser_gradient(q, w.p, false, w.ap, w.rows, threads);
    // Ap = (g(p) − g(0)) + ∇R(p); ⟨p, Ap⟩.
    const double pap = pass([&](Index s, Index n) {
      for (Index i = s; i < s + n; ++i) w.ap.data()[i] = (w.g.data()[i] - g0.data()[i]) + w.ap.data()[i];
      return block_dot(w.p.data() + s, w.ap.data() + s, n);
    });
    if (pap <= 0) break;
    const double alpha = step * rp / pap;
    const auto a = static_cast<float>(alpha);
    // x += αp, r' = r − αAp; ⟨r', r' − r⟩ for β (⟨r', r'⟩ is the dot after the swap).
    const double r_change = pass([&](Index s, Index n) {
      for (Index i = s; i < s + n; ++i) {
        x.data()[i] += a * w.p.data()[i];
        w.r_next.data()[i] = w.r.data()[i] - a * w.ap.data()[i];
        w.change.data()[i] = w.r_next.data()[i] - w.r.data()[i];
      }
      return block_dot(w.r_next.data() + s, w.change.data() + s, n);
    });
    const double beta = std::max(0.0, r_change / rr);
    w.r.swap(w.r_next);
    rr = dot(w.r, w.r, threads);
    // p = r + βp; ⟨r, p⟩ for the next step.
    const auto b = static_cast<float>(beta);
    rp = pass([&](Index s, Index n) {
      for (Index i = s; i < s + n; ++i) w.p.data()[i] = w.r.data()[i] + b * w.p.data()[i];
      return block_dot(w.r.data() + s, w.p.data() + s, n);
    });
    result.mean_step += alpha;
    ++result.iterations;
  }
}

}  // namespace

constexpr double kTvCgTolerance = 1e-4;  // see tv_image_step_settings()

ImageStepSettings tv_image_step_settings(const Options& o, double lambda, double contrast) {
  return {o.tv_lambda * contrast * lambda / o.lambda, GradientPrior{1.0, o.tv_epsilon}, o.tv_cg_iterations, o.step_x,
          kTvCgTolerance, o.tv_irls_rounds};
}

SharpImageSettings sharp_image_settings(const Options& o, double lambda) {
  return {lambda, o.beta_max, o.beta_factor, o.image_cg_iterations, o.step_x};
}

ImageStepResult image_objective(DataTerm& data, const Image& x, const ImageStepSettings& s) {
  data.set_image(x);
  ImageStepResult r;
  r.data_term = data.value();
  r.prior_term = s.prior.value(x);
  return r;
}

ImageStepResult image_step(DataTerm& data, Image& x, const ImageStepSettings& s) {
  const float two_lambda = static_cast<float>(2 * s.lambda);
  const Image g0 = gradient_at_zero(data, x);  // depends on the kernel only: once for all rounds
  ImageStepResult result;
  Workspace w;
  for (int round = 0; round < s.rounds; ++round) {
    const Quadratic q{two_lambda * s.prior.weights(diff_cols(x), data.threads()),
                      two_lambda * s.prior.weights(diff_rows(x), data.threads()), {}, {}};
    minimise_quadratic(data, g0, x, q, s.cg_iterations, s.step, s.tolerance, result, w);
  }
  const ImageStepResult values = image_objective(data, x, s);
  result.data_term = values.data_term;
  result.prior_term = values.prior_term;
  if (result.iterations) result.mean_step /= result.iterations;
  return result;
}

ImageStepResult sharp_image_step(DataTerm& data, Image& x, const SharpImageSettings& s) {
  const int k = static_cast<int>(data.kernel_rows());
  x = initial_image(data.observation(), k);
  const Image g0 = gradient_at_zero(data, x);
  ImageStepResult result;
  Workspace w;
  Quadratic q;
  for (double beta = 4 * s.lambda; beta < s.beta_max; beta *= s.beta_factor) {
    const float cut = static_cast<float>(2 * s.lambda / beta);  // keep t when ½βt² > λ
    const auto keep = [cut](float t) { return t * t > cut ? t : 0.0f; };
    q.t_cols = diff_cols(x).unaryExpr(keep);
    q.t_rows = diff_rows(x).unaryExpr(keep);
    q.w_cols = Image::Constant(q.t_cols.rows(), q.t_cols.cols(), static_cast<float>(beta));
    q.w_rows = Image::Constant(q.t_rows.rows(), q.t_rows.cols(), static_cast<float>(beta));
    minimise_quadratic(data, g0, x, q, s.cg_iterations, s.step, 0, result, w);
  }
  data.set_image(x);
  result.data_term = data.value();
  result.prior_term = static_cast<double>((q.t_cols.array() != 0).count() + (q.t_rows.array() != 0).count());
  if (result.iterations) result.mean_step /= result.iterations;
  return result;
}

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
