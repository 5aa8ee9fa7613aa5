#include "solvers/fourier_estimation.hpp"

#include "core/fft.hpp"
#include "core/finite_differences.hpp"
#include "solvers/callback.hpp"
#include "solvers/edge_selection.hpp"
#include "solvers/image_step.hpp"
#include "solvers/kernel_projection.hpp"
#include "solvers/kernel_step.hpp"
#include "solvers/pyramid.hpp"

#include <cmath>
#include <complex>
#include <cstring>
#include <vector>

namespace deblur::solvers {
namespace {

using Complex = std::complex<float>;
using Spectrum = std::vector<Complex>;

// Normalised real transforms of one P×Q periodic domain.
class Fourier {
 public:
  Fourier(Index rows, Index cols, int threads)
      : plans_(FftPlans::get(rows, cols, threads)), real_(fft_alloc(plans_.real_size())),
        spectrum_(fft_alloc(plans_.spectrum_floats())) {}

  Index rows() const { return plans_.rows(); }
  Index cols() const { return plans_.cols(); }
  std::size_t size() const { return plans_.spectrum_floats() / 2; }

  Spectrum forward(const Image& a) {
    std::memcpy(real_.get(), a.data(), plans_.real_size() * sizeof(float));
    plans_.forward(real_.get(), spectrum_.get());
    Spectrum s(size());
    std::memcpy(static_cast<void*>(s.data()), spectrum_.get(), plans_.spectrum_floats() * sizeof(float));
    return s;
  }
  Image inverse(const Spectrum& s) {
    std::memcpy(spectrum_.get(), s.data(), plans_.spectrum_floats() * sizeof(float));
    plans_.inverse(spectrum_.get(), real_.get());
    Image a = Eigen::Map<const Image>(real_.get(), rows(), cols());
    return a / static_cast<float>(rows() * cols());
  }

 private:
  const FftPlans& plans_;
  FftBuffer real_, spectrum_;
};

// y in the top-left corner of a P×Q image whose rest blends linearly from each edge to the opposite
// one, so the periodic image has no jump for the gradients (and the h-step) to take for an edge.
Image periodic_extension(const Image& y, Index p, Index q) {
  const Index r = y.rows(), c = y.cols();
  Image a(p, q);
  for (Index i = 0; i < r; ++i) {
    a.row(i).head(c) = y.row(i);
    for (Index j = c; j < q; ++j) {
      const float t = static_cast<float>(j - c + 1) / static_cast<float>(q - c + 1);
      a(i, j) = (1 - t) * y(i, c - 1) + t * y(i, 0);
    }
  }
  for (Index i = r; i < p; ++i) {
    const float t = static_cast<float>(i - r + 1) / static_cast<float>(p - r + 1);
    a.row(i) = (1 - t) * a.row(r - 1) + t * a.row(0);
  }
  return a;
}

// The k×k kernel h on the P×Q torus with its centre at the origin, and the inverse (the central
// k×k window of a P×Q array whose origin is the kernel's centre).
Image embed_kernel(const Image& h, Index p, Index q) {
  Image a = Image::Zero(p, q);
  const Index c = h.rows() / 2;
  for (Index i = 0; i < h.rows(); ++i)
    for (Index j = 0; j < h.cols(); ++j) a((i - c + p) % p, (j - c + q) % q) = h(i, j);
  return a;
}
Image kernel_window(const Image& a, Index k) {
  Image h(k, k);
  const Index c = k / 2, p = a.rows(), q = a.cols();
  for (Index i = 0; i < k; ++i)
    for (Index j = 0; j < k; ++j) h(i, j) = a((i - c + p) % p, (j - c + q) % q);
  return h;
}

// |F(∂x)|² + |F(∂y)|² on the r2c grid.
std::vector<float> gradient_power(Index p, Index q) {
  const Index qs = q / 2 + 1;
  std::vector<float> d(static_cast<std::size_t>(p * qs));
  const double tau = 2 * std::acos(-1.0);
  for (Index u = 0; u < p; ++u)
    for (Index v = 0; v < qs; ++v)
      d[static_cast<std::size_t>(u * qs + v)] =
          static_cast<float>(4 - 2 * std::cos(tau * u / p) - 2 * std::cos(tau * v / q));
  return d;
}

// The x-step: min ‖h⊛x − y‖² + λ‖∇x‖₀ by half-quadratic splitting from x = y: gradients of x with
// |∇x|² < λ/β set to zero, then x in closed form, β ← β·factor up to beta_max
// (every sub-step is closed-form: s's CG fields are not used).
Image l0_image_step(Fourier& f, const Spectrum& yf, const Spectrum& hf, const std::vector<float>& d2,
                    const Image& yp, const SharpImageSettings& s) {
  const double lambda = s.lambda;
  Spectrum data(yf.size());
  std::vector<float> hh(yf.size());
  for (std::size_t i = 0; i < yf.size(); ++i) {
    data[i] = std::conj(hf[i]) * yf[i];
    hh[i] = std::norm(hf[i]);
  }
  Image x = yp;
  for (double beta = 2 * lambda; beta < s.beta_max; beta *= s.beta_factor) {
    Image gx = diff_cols_periodic(x), gy = diff_rows_periodic(x);
    const float cut = static_cast<float>(lambda / beta);
    const Image small = ((gx.array().square() + gy.array().square()) < cut).cast<float>();
    gx.array() *= 1 - small.array();
    gy.array() *= 1 - small.array();
    Spectrum g = f.forward(diff_periodic_adjoint(gx, gy));
    const float b = static_cast<float>(beta);
    for (std::size_t i = 0; i < g.size(); ++i) g[i] = (data[i] + b * g[i]) / (hh[i] + b * d2[i]);
    x = f.inverse(g);
  }
  return x;
}

// The h-step: CG from h on Σ_d ‖h⊛∂_d x − ∂_d y‖² + γE‖h‖² over the k×k window, where `power` is
// Σ_d |F(∂_d x)|², `rhs` the window of F⁻¹(Σ_d conj(F ∂_d x)·F ∂_d y), E `energy`; then negatives
// clipped, Σh = 1. Of `settings`: tikhonov (γ) and iterations.
void l0_kernel_step(Fourier& f, const std::vector<float>& power, const Image& rhs, double energy,
                    const KernelStepSettings& settings, Image& h) {
  const double gamma = settings.tikhonov * energy;
  const int iterations = settings.iterations;
  const Index k = h.rows();
  const auto apply = [&](const Image& v) {
    Spectrum s = f.forward(embed_kernel(v, f.rows(), f.cols()));
    for (std::size_t i = 0; i < s.size(); ++i) s[i] *= power[i];
    Image out = kernel_window(f.inverse(s), k);
    out += static_cast<float>(gamma) * v;
    return out;
  };
  Image r = rhs - apply(h), p = r;
  double rr = dot(r, r);
  for (int it = 0; it < iterations && rr > 0; ++it) {
    const Image ap = apply(p);
    const double pap = dot(p, ap);
    if (pap <= 0) break;
    const float alpha = static_cast<float>(rr / pap);
    h += alpha * p;
    r -= alpha * ap;
    const double rr_next = dot(r, r);
    p = r + static_cast<float>(rr_next / rr) * p;
    rr = rr_next;
  }
  h = h.cwiseMax(0.0f);
  const float s = h.sum();
  if (s > 0) h /= s;
}

Image centred_start(int k) {
  Image h = Image::Zero(k, k);
  h(k / 2, k / 2) = 1;
  return h;
}

}  // namespace

KernelEstimate estimate_kernel_fourier(const Image& y, int k, double contrast, const Options& o,
                                       const IterationCallback& callback) {
  const auto start = Clock::now();
  const std::vector<Scale> scales = plan_scales(y.rows(), y.cols(), k, o.pyramid_factor, o.coarsest_kernel);
  KernelEstimate estimate;
  Summary& summary = estimate.summary;
  summary.kernel_size = k;
  Image h;
  const KernelStepSettings kernel_settings = kernel_step_settings(o);
  double lambda = o.contrast_lambda * contrast * contrast;
  const double lambda_min = lambda * o.lambda_min / o.lambda;  // the continuation's floor keeps its ratio
  for (std::size_t si = 0; si < scales.size(); ++si) {
    const Scale& sc = scales[si];
    const bool finest = si + 1 == scales.size();
    const auto scale_start = Clock::now();
    const int ks = sc.kernel_size;
    h = si == 0 ? centred_start(ks) : resize_kernel(h, ks);
    const Image ys = resize(y, sc.rows, sc.cols);
    const Index p = padded_fft_size(sc.rows + ks), q = padded_fft_size(sc.cols + ks);
    const int threads = std::max(p, q) >= o.parallel_min_side ? resolve_threads(o.threads) : 1;
    Fourier f(p, q, threads);
    const Image yp = periodic_extension(ys, p, q);
    const Spectrum yf = f.forward(yp);
    const Spectrum yxf = f.forward(diff_cols_periodic(yp)), yyf = f.forward(diff_rows_periodic(yp));
    const std::vector<float> d2 = gradient_power(p, q);
    const Index edges_kept = edge_count(o.kernel_salient_ratio, ks, sc.rows, sc.cols);

    ScaleSummary ss{.scale = static_cast<int>(si), .kernel_size = ks, .rows = sc.rows, .cols = sc.cols};
    const int iterations = finest ? o.iterations_finest : o.iterations;
    for (int it = 0; it < iterations; ++it) {
      const Image h_previous = h;
      const Image x = l0_image_step(f, yf, f.forward(embed_kernel(h, p, q)), d2, yp, sharp_image_settings(o, lambda));
      Image sx = diff_cols_periodic(x), sy = diff_rows_periodic(x);
      keep_largest(sx, edges_kept);
      keep_largest(sy, edges_kept);
      const Spectrum sxf = f.forward(sx), syf = f.forward(sy);
      std::vector<float> power(sxf.size());
      Spectrum cross(sxf.size());
      for (std::size_t i = 0; i < sxf.size(); ++i) {
        power[i] = std::norm(sxf[i]) + std::norm(syf[i]);
        cross[i] = std::conj(sxf[i]) * yxf[i] + std::conj(syf[i]) * yyf[i];
      }
      const double energy = squared_norm(sx) + squared_norm(sy);
      l0_kernel_step(f, power, kernel_window(f.inverse(cross), ks), energy, kernel_settings, h);
      threshold_kernel(h, o.kernel_threshold);
      remove_small_components(h, finest ? o.kernel_min_component_finest : o.kernel_min_component);
      const double change = (h - h_previous).norm() / std::max(1e-12f, h.norm());
      ss.iterations = it + 1;
      const IterationInfo info{static_cast<int>(si), static_cast<int>(scales.size()), it, x, h, 0, 0, 0, 0,
                               change, seconds_since(start)};
      if (callback_stops(callback, info, ss, summary)) break;
      lambda = std::max(lambda_min, lambda * o.lambda_decay);
      if (change < o.tolerance) {
        ss.stop_reason = StopReason::Converged;
        break;
      }
    }
    // A shifted kernel with a shifted image explains y as well: recentre once a scale is done.
    if (const Shift s = centring_shift(h); s.rows != 0 || s.cols != 0) {
      h = shift_kernel(h, s);
      threshold_kernel(h, 0);
    }
    ss.kernel_support = kernel_support(h);
    ss.seconds = seconds_since(scale_start);
    summary.scales.push_back(ss);
    if (summary.stopped_by_callback) break;
  }
  FinishedKernel finished = finished_kernel(std::move(h), k, o);
  summary.kernel_support = finished.support;
  estimate.h = std::move(finished.h);
  return estimate;
}

}  // namespace deblur::solvers
