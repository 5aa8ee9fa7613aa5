#include "solvers/nonblind.hpp"

#include "core/fft.hpp"
#include "core/image_statistics.hpp"
#include "core/parallel.hpp"
#include "core/tone_curve.hpp"
#include "solvers/blind_deconvolution.hpp"
#include "solvers/data_term_options.hpp"
#include "solvers/shrinkage.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

namespace deblur::solvers {
namespace {

constexpr Index kMinChunkPixels = 1 << 15;

// What every plane shares: the domain, the kernel's spectrum and the x-update's inverse denominator.
struct Problem {
  Index rows, cols;        // y: p×q
  Index k;                 // kernel side
  Index m, n;              // x: (p+k−1)×(q+k−1)
  Index P, Q, spectrum;    // periodic domain and its spectrum's complex count
  const FftPlans* plans;
  FftBuffer kernel;        // Ĥ (interleaved complex)
  std::vector<float> inverse_denominator;  // 1 / (PQ·(β_u|Ĥ|² + β_w|D̂|²))
  float beta_u, beta_w;
  int threads;
};

Problem make_problem(Index rows, Index cols, const Image& h, const NonblindSettings& s) {
  Problem pr;
  pr.rows = rows;
  pr.cols = cols;
  pr.k = h.rows();
  pr.m = rows + pr.k - 1;
  pr.n = cols + pr.k - 1;
  pr.P = padded_fft_size(pr.m);
  pr.Q = padded_fft_size(pr.n);
  pr.threads = resolve_threads(s.threads);
  pr.plans = &FftPlans::get(pr.P, pr.Q, pr.threads);
  pr.spectrum = pr.P * pr.plans->spectrum_cols();
  pr.beta_u = static_cast<float>(s.beta_data);
  pr.beta_w = static_cast<float>(s.beta_prior);
  FftBuffer placed = fft_alloc(pr.plans->real_size());
  std::fill_n(placed.get(), pr.plans->real_size(), 0.0f);
  for (Index a = 0; a < pr.k; ++a)
    for (Index b = 0; b < pr.k; ++b) placed[a * pr.Q + b] = h(a, b);
  pr.kernel = fft_alloc(pr.plans->spectrum_floats());
  pr.plans->forward(placed.get(), pr.kernel.get());
  pr.inverse_denominator.resize(static_cast<std::size_t>(pr.spectrum));
  const Index sc = pr.plans->spectrum_cols();
  const double two_pi = 2 * std::numbers::pi, size = static_cast<double>(pr.P * pr.Q);
  for (Index i = 0; i < pr.P; ++i)
    for (Index j = 0; j < sc; ++j) {
      const Index c = i * sc + j;
      const double hr = pr.kernel[2 * c], hi = pr.kernel[2 * c + 1];
      const double d = 4 - 2 * std::cos(two_pi * i / pr.P) - 2 * std::cos(two_pi * j / pr.Q);
      pr.inverse_denominator[c] = static_cast<float>(1 / (size * (s.beta_data * (hr * hr + hi * hi) + s.beta_prior * d)));
    }
  return pr;
}

// One plane's ADMM state; buffers are P×Q, row-major.
struct State {
  FftBuffer x, hx, du, dwc, dwr, qwc, qwr, r, a, b;
  explicit State(const Problem& pr) {
    const std::size_t real = pr.plans->real_size(), spectrum = pr.plans->spectrum_floats();
    for (FftBuffer* f : {&x, &hx, &du, &dwc, &dwr, &qwc, &qwr, &r}) *f = fft_alloc(real);
    a = fft_alloc(spectrum);
    b = fft_alloc(spectrum);
  }
};

template <class Body>
void rows_parallel(const Problem& pr, Body&& body) {
  parallel_for(0, pr.P, pr.threads, std::max<Index>(1, kMinChunkPixels / pr.Q),
               [&](Index lo, Index hi, int) { body(lo, hi); });
}

template <class Body>
void spectrum_parallel(const Problem& pr, Body&& body) {
  parallel_for(0, pr.spectrum, pr.threads, kMinChunkPixels, [&](Index lo, Index hi, int) { body(lo, hi); });
}

// hx ← h ⊛ x (periodic), from x's spectrum in `a` (destroyed).
void convolve_from_spectrum(const Problem& pr, State& st) {
  const float* H = pr.kernel.get();
  float* A = st.a.get();
  const float scale = 1.0f / static_cast<float>(pr.P * pr.Q);
  spectrum_parallel(pr, [&](Index lo, Index hi) {
    for (Index c = lo; c < hi; ++c) {
      const float hr = H[2 * c], hi_ = H[2 * c + 1], ar = A[2 * c], ai = A[2 * c + 1];
      A[2 * c] = scale * (hr * ar - hi_ * ai);
      A[2 * c + 1] = scale * (hr * ai + hi_ * ar);
    }
  });
  pr.plans->inverse(A, st.hx.get());
}

// The u-, w-updates and the dual steps, fused per pixel; leaves in hx, qwc, qwr the targets q = z − d
// of the next x-update (z the new split variable, d the new scaled dual: with v = Kx + d_old,
// d_new = v − z and q = 2z − v).
void split_step(const Problem& pr, const Image& y, const Image& weight, const NonblindSettings& s, const Shrinkage& shrink,
                State& st) {
  const Index P = pr.P, Q = pr.Q, m = pr.m, n = pr.n, k1 = pr.k - 1;
  const float beta_u = pr.beta_u, saturation = static_cast<float>(s.saturation);
  const float* x = st.x.get();
  rows_parallel(pr, [&](Index lo, Index hi) {
    for (Index i = lo; i < hi; ++i) {
      const bool data_row = i >= k1 && i < m;
      const Index below = (i + 1) % P;
      for (Index j = 0; j < Q; ++j) {
        const Index idx = i * Q + j;
        // u: the data term's argument.
        const float v = st.hx[idx] + st.du[idx];
        float u = v;
        if (data_row && j >= k1 && j < n) {
          const float yi = y(i - k1, j - k1), wi = weight.size() ? weight(i - k1, j - k1) : 1.0f;
          if (yi < saturation || v < yi) u = (wi * yi + beta_u * v) / (wi + beta_u);
        }
        st.du[idx] = v - u;
        st.hx[idx] = 2 * u - v;
        // w: the gradient, shrunk where the prior applies (inside x only).
        const float vc = x[i * Q + (j + 1) % Q] - x[idx] + st.dwc[idx];
        const float vr = x[below * Q + j] - x[idx] + st.dwr[idx];
        const bool in_c = i < m && j + 1 < n, in_r = i + 1 < m && j < n;
        float wc = vc, wr = vr;
        if (in_c || in_r) {
          const float mag = std::sqrt((in_c ? vc * vc : 0.0f) + (in_r ? vr * vr : 0.0f));
          const float f = mag > 0 ? shrink(mag) / mag : 0.0f;
          if (in_c) wc = f * vc;
          if (in_r) wr = f * vr;
        }
        st.dwc[idx] = vc - wc;
        st.dwr[idx] = vr - wr;
        st.qwc[idx] = 2 * wc - vc;
        st.qwr[idx] = 2 * wr - vr;
      }
    }
  });
}

// x ← argmin β_u‖h⊛x − q_u‖² + β_w‖∇x − q_w‖², by one division in the Fourier domain; then hx ← h⊛x.
void x_step(const Problem& pr, State& st) {
  const Index P = pr.P, Q = pr.Q;
  const float beta_w = pr.beta_w;
  rows_parallel(pr, [&](Index lo, Index hi) {  // r = β_w ∇ᵀ q_w (periodic adjoint of forward differences)
    for (Index i = lo; i < hi; ++i) {
      const Index above = (i + P - 1) % P;
      for (Index j = 0; j < Q; ++j) {
        const Index idx = i * Q + j, left = i * Q + (j + Q - 1) % Q;
        st.r[idx] = beta_w * (st.qwc[left] - st.qwc[idx] + st.qwr[above * Q + j] - st.qwr[idx]);
      }
    }
  });
  pr.plans->forward(st.hx.get(), st.a.get());
  pr.plans->forward(st.r.get(), st.b.get());
  const float* H = pr.kernel.get();
  const float* inv = pr.inverse_denominator.data();
  float *A = st.a.get(), *B = st.b.get();
  const float beta_u = pr.beta_u, size = static_cast<float>(P * Q);
  spectrum_parallel(pr, [&](Index lo, Index hi) {
    for (Index c = lo; c < hi; ++c) {
      const float hr = H[2 * c], hi_ = H[2 * c + 1], ar = A[2 * c], ai = A[2 * c + 1];
      // X = (β_u conj(Ĥ)·Â + B̂) / (PQ·denominator); then Â ← Ĥ·X·PQ for the convolution.
      const float xr = inv[c] * (beta_u * (hr * ar + hi_ * ai) + B[2 * c]);
      const float xi = inv[c] * (beta_u * (hr * ai - hi_ * ar) + B[2 * c + 1]);
      B[2 * c] = xr;
      B[2 * c + 1] = xi;
      A[2 * c] = size * xr;
      A[2 * c + 1] = size * xi;
    }
  });
  pr.plans->inverse(B, st.x.get());
  convolve_from_spectrum(pr, st);
}

Image restore(const Problem& pr, const Image& y, const Image& weight, const NonblindSettings& s, const Shrinkage& shrink,
              State& st) {
  const Index Q = pr.Q, b = (pr.k - 1) / 2;
  rows_parallel(pr, [&](Index lo, Index hi) {  // x₀: y's border replicated; duals 0
    for (Index i = lo; i < hi; ++i) {
      const Index si = std::clamp<Index>(i - b, 0, pr.rows - 1);
      for (Index j = 0; j < Q; ++j) st.x[i * Q + j] = y(si, std::clamp<Index>(j - b, 0, pr.cols - 1));
      for (FftBuffer* f : {&st.du, &st.dwc, &st.dwr}) std::fill_n(f->get() + i * Q, Q, 0.0f);
    }
  });
  pr.plans->forward(st.x.get(), st.a.get());
  convolve_from_spectrum(pr, st);
  for (int it = 0; it < s.iterations; ++it) {
    split_step(pr, y, weight, s, shrink, st);
    x_step(pr, st);
  }
  Image out(pr.rows, pr.cols);
  for (Index i = 0; i < pr.rows; ++i)
    std::memcpy(out.data() + i * pr.cols, st.x.get() + (i + b) * Q + b, sizeof(float) * pr.cols);
  return out;
}

// The data term's weight of each pixel of linear plane y: (reference slope / the curve's slope there)²,
// so that a residual counts as much as the step of stored value it makes (the file's noise and JPEG's
// error are even in stored values, not in linear light). Slopes below a tenth of the reference count
// as that (a pure gamma has slope 0 at black). Empty (all 1) for linear data.
Image data_weight(const Image& y, const NonblindSettings& s) {
  if (s.curve.kind == ToneCurve::Kind::Linear) return {};
  const float reference = static_cast<float>(s.reference_slope), least = 0.1f * reference;
  return y.unaryExpr([&](float v) {
    const float ratio = reference / std::max(s.curve.slope(s.curve.encode(v)), least);
    return ratio * ratio;
  });
}

}  // namespace

NonblindSettings nonblind_settings(const std::vector<Image>& planes, const Options& o, KernelSource source,
                                   const ToneCurve& curve) {
  NonblindSettings s;
  s.curve = curve;
  // The λ rule was fitted on stored (sRGB) values: the noise is measured there, and λ carried to linear
  // light by the mean slope of the curve (exact for a straight curve).
  double sigma = 0, gradient_rms = 0, slope = 0;
  const double share = 1.0 / static_cast<double>(planes.size());
  for (const Image& plane : planes) {
    Image stored = plane;
    encode(stored, curve);
    const double plane_sigma = noise_sigma(stored);
    sigma += share * plane_sigma;
    gradient_rms += share * signal_gradient_rms(stored, plane_sigma);
    slope += share * stored.unaryExpr([&](float v) { return curve.slope(v); }).cast<double>().mean();
  }
  double lambda = o.final_lambda * std::pow(std::max(sigma, o.final_noise_floor) / 0.01, o.final_lambda_exponent);
  // The noise rule was fitted on textured photos; on a flat one (microscopy, a sky) the same λ lets the
  // deconvolution's noise and ringing cost more than the sharpening gains.
  if (gradient_rms < o.final_flat_gradient_rms)
    lambda *= o.final_flat_gradient_rms / std::max(gradient_rms, 1e-3 * o.final_flat_gradient_rms);
  if (source == KernelSource::Estimated) lambda = std::max(lambda, o.final_estimated_kernel_lambda);
  s.reference_slope = slope;
  s.lambda = lambda * slope;
  s.p = o.final_p;
  s.epsilon = o.final_epsilon;
  s.iterations = o.final_iterations;
  // The penalties follow the stored-value λ: the ADMM steps then behave as on stored values.
  s.beta_data = o.final_beta_data * lambda;
  s.beta_prior = o.final_beta_prior * lambda;
  s.saturation = o.final_saturation > 1 ? o.final_saturation : curve.decode(static_cast<float>(o.final_saturation));
  s.threads = data_term_options(o, planes.front().rows(), planes.front().cols()).threads;
  return s;
}

std::vector<Image> deconvolve(const std::vector<Image>& planes, const Image& h, const NonblindSettings& s) {
  if (planes.empty()) throw InvalidInput("no image planes to deconvolve");
  for (const Image& y : planes) {
    require_finite(y, "image");
    if (y.rows() != planes.front().rows() || y.cols() != planes.front().cols())
      throw InvalidInput("image planes differ in size: " + shape_string(y) + " and " + shape_string(planes.front()));
  }
  require_finite(h, "kernel");
  const Image& y0 = planes.front();
  if (h.rows() != h.cols() || h.rows() % 2 == 0)
    throw InvalidInput("kernel " + shape_string(h) + " must be square with an odd side");
  if (h.rows() > y0.rows() || h.cols() > y0.cols())
    throw InvalidInput("kernel " + shape_string(h) + " is larger than image " + shape_string(y0));
  if (h.size() == 1) return planes;  // no blur (h = 1 after normalisation): nothing to undo
  const Problem pr = make_problem(y0.rows(), y0.cols(), h, s);
  const Shrinkage shrink(s.lambda / s.beta_prior, s.p, s.epsilon);
  State st(pr);
  std::vector<Image> out;
  for (const Image& y : planes) out.push_back(restore(pr, y, data_weight(y, s), s, shrink, st));
  return out;
}

std::vector<Image> deconvolve(const std::vector<Image>& planes, const Image& h, const Options& options,
                              KernelSource source, const ToneCurve& curve) {
  return deconvolve(planes, h, nonblind_settings(planes, options, source, curve));
}

}  // namespace deblur::solvers
