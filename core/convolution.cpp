#include "core/convolution.hpp"

#include "core/fft.hpp"
#include "core/parallel.hpp"

#include <cmath>
#include <cstring>
#include <vector>

namespace deblur {
namespace {

using ConstVec = Eigen::Map<const Eigen::VectorXf>;

void require_kernel_fits(const Image& x, const Image& h, const char* image_name, const char* kernel_name) {
  require_finite(x, image_name);
  require_finite(h, kernel_name);
  if (h.rows() > x.rows() || h.cols() > x.cols())
    throw InvalidInput(std::string(kernel_name) + " " + shape_string(h) + " is larger than " + image_name + " " +
                       shape_string(x));
}

// o[j] += Σ_b w[b] · s[j + b] for j < len, b < taps (with Reverse, w[taps−1−b]): the inner loop of
// both the valid convolution (kernel row reversed) and the full correlation. Four taps per pass over
// o keep loads/stores of o to a quarter; the j loops vectorise.
template <bool Reverse>
void correlate_row(const float* __restrict s, const float* w, Index taps, float* __restrict o, Index len) {
  auto weight = [&](Index b) { return Reverse ? w[taps - 1 - b] : w[b]; };
  Index b = 0;
  for (; b + 4 <= taps; b += 4) {
    const float w0 = weight(b), w1 = weight(b + 1), w2 = weight(b + 2), w3 = weight(b + 3);
    const float *s0 = s + b, *s1 = s + b + 1, *s2 = s + b + 2, *s3 = s + b + 3;
    for (Index j = 0; j < len; ++j) o[j] += w0 * s0[j] + w1 * s1[j] + w2 * s2[j] + w3 * s3[j];
  }
  for (; b < taps; ++b) {
    const float wb = weight(b);
    const float* sb = s + b;
    for (Index j = 0; j < len; ++j) o[j] += wb * sb[j];
  }
}

// Rows are handed to threads in chunks of at least this many multiply-adds (≈ 50 µs of work).
constexpr Index kMinChunkWork = 1 << 17;

Index min_rows(Index work_per_row) { return std::max<Index>(1, kMinChunkWork / std::max<Index>(work_per_row, 1)); }

}  // namespace

namespace direct {

void valid_convolution(const Image& x, const Image& h, Image& out, int threads) {
  const Index n = x.cols(), k = h.rows(), l = h.cols(), p = x.rows() - k + 1, q = n - l + 1;
  out.resize(p, q);
  // With the kernel row read backwards a row convolution is a correlation: Σ_b h[a][l-1-b]·x[.][j+b].
  parallel_for(0, p, threads, min_rows(q * k * l), [&](Index lo, Index hi, int) {
    for (Index i = lo; i < hi; ++i) {
      float* o = out.data() + i * q;
      std::fill(o, o + q, 0.0f);
      for (Index a = 0; a < k; ++a) correlate_row<true>(x.data() + (i + k - 1 - a) * n, h.data() + a * l, l, o, q);
    }
  });
}

void full_correlation(const Image& r, const Image& h, Image& out, Image& padded, int threads) {
  const Index p = r.rows(), q = r.cols(), k = h.rows(), l = h.cols(), m = p + k - 1, n = q + l - 1;
  out.resize(m, n);
  // g[u][v] = Σ_ab h[a][b]·r[u-k+1+a][v-l+1+b]: with r's rows framed by l-1 zeros on each side every
  // output row is a plain correlation of padded rows with kernel rows.
  const Index w = q + 2 * (l - 1);
  padded.resize(p, w);
  padded.setZero();
  padded.block(0, l - 1, p, q) = r;
  parallel_for(0, m, threads, min_rows(n * l * std::min(k, p)), [&](Index lo, Index hi, int) {
    for (Index u = lo; u < hi; ++u) {
      float* o = out.data() + u * n;
      std::fill(o, o + n, 0.0f);
      for (Index a = std::max<Index>(0, k - 1 - u); a < k && u - k + 1 + a < p; ++a)
        correlate_row<false>(padded.data() + (u - k + 1 + a) * w, h.data() + a * l, l, o, n);
    }
  });
}

void valid_correlation(const Image& x, const Image& r, Image& out, int threads) {
  const Index n = x.cols(), p = r.rows(), q = r.cols(), k = x.rows() - p + 1, l = n - q + 1;
  // g[a][b] = Σ_i ⟨r[i][·], x[i+k-1-a][l-1-b+·]⟩: one vectorised dot per (i, a, b), summed over i in
  // double. Threads split the kernel rows a, so every sum runs over i in order whatever the thread
  // count.
  thread_local std::vector<double> scratch;  // grows once, so repeated calls do not allocate
  std::vector<double>& sums = scratch;       // this thread's, also inside the workers below
  sums.assign(static_cast<std::size_t>(k * l), 0.0);
  parallel_for(0, k, threads, std::max<Index>(1, kMinChunkWork / std::max<Index>(p * q * l, 1)), [&](Index lo, Index hi, int) {
    for (Index a = lo; a < hi; ++a) {
      double* g = sums.data() + a * l;
      for (Index i = 0; i < p; ++i) {
        const ConstVec ri(r.data() + i * q, q);
        const float* xa = x.data() + (i + k - 1 - a) * n + (l - 1);
        for (Index b = 0; b < l; ++b) g[b] += ri.dot(ConstVec(xa - b, q));
      }
    }
  });
  out.resize(k, l);
  for (Index e = 0; e < k * l; ++e) out.data()[e] = static_cast<float>(sums[static_cast<std::size_t>(e)]);
}

}  // namespace direct

namespace {

// One-shot FFT backend of the free functions: both operands zero-padded to a fast P×Q ≥ the image,
// where the circular product equals the linear one on every index the operators read.
struct Padded {
  const FftPlans& plans;
  // One-shot transforms: planning must be cheap, so never Measure here.
  explicit Padded(Index m, Index n)
      : plans(FftPlans::get(padded_fft_size(m), padded_fft_size(n), 1, FftPlanning::Estimate)) {}

  // The spectrum of a − offset placed at (row0, col0) on a zero grid.
  FftBuffer spectrum(const Image& a, Index row0, Index col0, float offset = 0.0f) const {
    FftBuffer real = fft_alloc(plans.real_size()), spec = fft_alloc(plans.spectrum_floats());
    std::memset(real.get(), 0, plans.real_size() * sizeof(float));
    const Index Q = plans.cols();
    for (Index i = 0; i < a.rows(); ++i)
      for (Index j = 0; j < a.cols(); ++j) real[static_cast<std::size_t>((row0 + i) * Q + col0 + j)] = a(i, j) - offset;
    plans.forward(real.get(), spec.get());
    return spec;
  }

  // inverse(s · conj?(a)·b), cropped to rows×cols at (row0, col0).
  Image product(const FftBuffer& a, const FftBuffer& b, bool conjugate_a, Index row0, Index col0, Index rows,
                Index cols) const {
    const float s = 1.0f / static_cast<float>(plans.real_size());
    FftBuffer prod = fft_alloc(plans.spectrum_floats()), real = fft_alloc(plans.real_size());
    multiply_spectra(a.get(), b.get(), prod.get(), plans.spectrum_floats() / 2, conjugate_a, s);
    plans.inverse(prod.get(), real.get());
    Image out(rows, cols);
    const Index Q = plans.cols();
    for (Index i = 0; i < rows; ++i)
      std::memcpy(out.data() + i * cols, real.get() + (row0 + i) * Q + col0, sizeof(float) * cols);
    return out;
  }
};

bool use_fft(Backend backend, Index m, Index n, Index k, Index l) {
  if (backend == Backend::Automatic) backend = choose_backend(m, n, k, l);
  return backend == Backend::Fft;
}

}  // namespace

Backend choose_backend(Index m, Index n, Index k, Index l) {
  // Seconds for one full data-term evaluation (three operators), fitted to bench_gradients on a
  // 2-core machine: direct ≈ 0.1 ns per multiply-add (+1 tap per row for the loop overheads), FFT ≈
  // c·P·Q·log2(P·Q) with c = 1.65 ns under FFTW_ESTIMATE and 1.3 ns for the measured plans of large
  // sizes. The ratio is the same for a single operator (one direct pass vs ~3 transforms).
  const double P = static_cast<double>(padded_fft_size(m)), Q = static_cast<double>(padded_fft_size(n));
  const double direct =
      3.0 * static_cast<double>((m - k + 1) * (n - l + 1)) * static_cast<double>(k * (l + 1)) * 0.1e-9;
  const double per_unit = P * Q >= static_cast<double>(kMeasurePlanningPixels) ? 1.3e-9 : 1.65e-9;
  const double fft = per_unit * P * Q * std::log2(P * Q);
  return direct <= fft ? Backend::Direct : Backend::Fft;
}

Image valid_convolution(const Image& x, const Image& h, Backend backend) {
  require_kernel_fits(x, h, "image", "kernel");
  const Index m = x.rows(), n = x.cols(), k = h.rows(), l = h.cols();
  if (use_fft(backend, m, n, k, l)) {
    // As in DataTerm: transform x − μ and add μ·Σh back (as hi + lo), so that the large DC term's
    // rounding does not become a common offset of the result.
    const Padded pad(m, n);
    const float mean = x.mean();
    Image y =
        pad.product(pad.spectrum(h, 0, 0), pad.spectrum(x, 0, 0, mean), false, k - 1, l - 1, m - k + 1, n - l + 1);
    const double offset = static_cast<double>(mean) * h.cast<double>().sum();
    const auto hi = static_cast<float>(offset), lo = static_cast<float>(offset - hi);
    y.array() = (y.array() + lo) + hi;
    return y;
  }
  Image y;
  direct::valid_convolution(x, h, y);
  return y;
}

Image valid_correlation(const Image& x, const Image& r, Backend backend) {
  require_kernel_fits(x, r, "image", "residual");
  const Index m = x.rows(), n = x.cols(), k = m - r.rows() + 1, l = n - r.cols() + 1;
  if (use_fft(backend, m, n, k, l)) {
    const Padded pad(m, n);
    return pad.product(pad.spectrum(x, 0, 0), pad.spectrum(r, k - 1, l - 1), true, 0, 0, k, l);
  }
  Image g;
  direct::valid_correlation(x, r, g);
  return g;
}

Image full_correlation(const Image& r, const Image& h, Backend backend) {
  require_finite(r, "residual");
  require_finite(h, "kernel");
  const Index k = h.rows(), l = h.cols(), m = r.rows() + k - 1, n = r.cols() + l - 1;
  if (use_fft(backend, m, n, k, l)) {
    const Padded pad(m, n);
    return pad.product(pad.spectrum(h, 0, 0), pad.spectrum(r, k - 1, l - 1), true, 0, 0, m, n);
  }
  Image g, padded;
  direct::full_correlation(r, h, g, padded);
  return g;
}

}  // namespace deblur
