#include "core/objective.hpp"

#include "core/parallel.hpp"

#include <cstring>
#include <vector>

namespace deblur {
namespace {

std::string size_string(Index rows, Index cols) { return std::to_string(rows) + "x" + std::to_string(cols); }

// Copies and the residual are split over threads in chunks of at least this many pixels (≈ 50 µs).
constexpr Index kMinChunkPixels = 1 << 16;

}  // namespace

void DataTermOptions::validate() const {
  if (threads < 0) throw InvalidInput("threads must be >= 0 (0 = all cores), got " + std::to_string(threads));
}

// FFT layout, all on one P×Q grid (P ≥ m, Q ≥ n fast sizes, so no product below wraps around onto an
// index that is read): x and h sit at the origin, the residual r at (k−1, l−1), where the valid part
// of h ⊛ x lands. Then h ⊛ x = F⁻¹(H·X), ∂f/∂x = F⁻¹(conj(H)·R) and ∂f/∂h = F⁻¹(conj(X)·R), cropped.
// The 1/(P·Q) of the unnormalised inverse is folded into each product.
struct DataTerm::Impl {
  Image y;
  Index k, l, p, q, m, n;
  DataTermOptions options;
  Backend backend;
  int threads;
  bool has_x = false, has_h = false;
  bool residual_ready = false;           // r and f are current
  bool residual_spectrum_ready = false;  // R = F(r) is current (FFT)
  double f = 0.0;
  std::vector<double> partial_f;  // per-thread sums of r²

  // Direct backend.
  Image x, h, r, padded;

  // FFT backend: spectra X, H, R, product scratch S; real grids for h (zero outside k×l), the
  // residual (zero outside its valid block) and a work grid for inputs and inverse transforms.
  const FftPlans* plans = nullptr;
  Index P = 0, Q = 0;
  std::size_t spectrum_floats = 0;
  FftBuffer X, H, R, S, h_grid, r_grid, work;

  void copy_into_grid(const Image& a, float* grid, Index row0, Index col0) const {
    parallel_for(0, a.rows(), threads, std::max<Index>(1, kMinChunkPixels / a.cols()), [&](Index lo, Index hi, int) {
      for (Index i = lo; i < hi; ++i)
        std::memcpy(grid + (row0 + i) * Q + col0, a.data() + i * a.cols(), sizeof(float) * a.cols());
    });
  }

  void copy_from_grid(const float* grid, Image& out, Index rows, Index cols) const {
    out.resize(rows, cols);  // no-op when the shape already matches
    parallel_for(0, rows, threads, std::max<Index>(1, kMinChunkPixels / cols), [&](Index lo, Index hi, int) {
      for (Index i = lo; i < hi; ++i) std::memcpy(out.data() + i * cols, grid + i * Q, sizeof(float) * cols);
    });
  }

  void multiply(const FftBuffer& a, const FftBuffer& b, bool conjugate_a) {
    multiply_spectra(a.get(), b.get(), S.get(), spectrum_floats / 2, conjugate_a,
                     1.0f / static_cast<float>(P * Q), threads);
  }

  double sum_partials() const {
    double s = 0.0;
    for (double v : partial_f) s += v;
    return 0.5 * s;
  }

  void compute_residual() {
    std::fill(partial_f.begin(), partial_f.end(), 0.0);
    if (backend == Backend::Direct) {
      direct::valid_convolution(x, h, r, threads);
      parallel_for(0, p, threads, std::max<Index>(1, kMinChunkPixels / q), [&](Index lo, Index hi, int c) {
        double s = 0.0;
        for (Index i = lo; i < hi; ++i)
          for (Index j = 0; j < q; ++j) {
            const float v = r(i, j) - y(i, j);
            r(i, j) = v;
            s += static_cast<double>(v) * v;
          }
        partial_f[static_cast<std::size_t>(c)] = s;
      });
    } else {
      multiply(H, X, false);
      plans->inverse(S.get(), work.get());
      parallel_for(0, p, threads, std::max<Index>(1, kMinChunkPixels / q), [&](Index lo, Index hi, int c) {
        double s = 0.0;
        for (Index i = lo; i < hi; ++i) {
          const Index at = (i + k - 1) * Q + (l - 1);
          const float* model = work.get() + at;
          float* res = r_grid.get() + at;
          const float* obs = y.data() + i * q;
          for (Index j = 0; j < q; ++j) {
            const float v = model[j] - obs[j];
            res[j] = v;
            s += static_cast<double>(v) * v;
          }
        }
        partial_f[static_cast<std::size_t>(c)] = s;
      });
      residual_spectrum_ready = false;
    }
    f = sum_partials();
    residual_ready = true;
  }
};

DataTerm::DataTerm(Image y, Index kernel_rows, Index kernel_cols, DataTermOptions options)
    : impl_(std::make_unique<Impl>()) {
  options.validate();
  require_finite(y, "observation");
  if (kernel_rows < 1 || kernel_cols < 1)
    throw InvalidInput("kernel size " + size_string(kernel_rows, kernel_cols) + " must be at least 1x1");
  Impl& s = *impl_;
  s.k = kernel_rows;
  s.l = kernel_cols;
  s.p = y.rows();
  s.q = y.cols();
  s.m = s.p + s.k - 1;
  s.n = s.q + s.l - 1;
  s.y = std::move(y);
  s.options = options;
  s.threads = resolve_threads(options.threads);
  s.backend = options.backend == Backend::Automatic ? choose_backend(s.m, s.n, s.k, s.l) : options.backend;
  s.partial_f.assign(static_cast<std::size_t>(s.threads), 0.0);
  if (s.backend == Backend::Fft) {
    s.plans = &FftPlans::get(fast_fft_size(s.m, true), fast_fft_size(s.n, true), s.threads, options.planning);
    s.P = s.plans->rows();
    s.Q = s.plans->cols();
    s.spectrum_floats = s.plans->spectrum_floats();
    for (FftBuffer* b : {&s.X, &s.H, &s.R, &s.S}) *b = fft_alloc(s.spectrum_floats);
    for (FftBuffer* b : {&s.h_grid, &s.r_grid, &s.work}) {
      *b = fft_alloc(s.plans->real_size());
      std::memset(b->get(), 0, s.plans->real_size() * sizeof(float));
    }
  }
}
DataTerm::~DataTerm() = default;
DataTerm::DataTerm(DataTerm&&) noexcept = default;
DataTerm& DataTerm::operator=(DataTerm&&) noexcept = default;

void DataTerm::set_image(const Image& x) {
  Impl& s = *impl_;
  if (x.rows() != s.m || x.cols() != s.n)
    throw InvalidInput("image " + shape_string(x) + " does not match observation " + shape_string(s.y) +
                       " and kernel " + size_string(s.k, s.l) + " (expected " + size_string(s.m, s.n) + ")");
  require_finite(x, "image");
  if (s.backend == Backend::Direct) {
    s.x = x;
  } else {
    // The work grid's border beyond m×n is garbage after an inverse transform: clear it.
    float* grid = s.work.get();
    for (Index i = 0; i < s.m; ++i) std::fill(grid + i * s.Q + s.n, grid + (i + 1) * s.Q, 0.0f);
    std::fill(grid + s.m * s.Q, grid + s.P * s.Q, 0.0f);
    s.copy_into_grid(x, grid, 0, 0);
    s.plans->forward(grid, s.X.get());
  }
  s.has_x = true;
  s.residual_ready = false;
}

void DataTerm::set_kernel(const Image& h) {
  Impl& s = *impl_;
  if (h.rows() != s.k || h.cols() != s.l)
    throw InvalidInput("kernel " + shape_string(h) + " is not the declared " + size_string(s.k, s.l));
  require_finite(h, "kernel");
  if (s.backend == Backend::Direct) {
    s.h = h;
  } else {
    s.copy_into_grid(h, s.h_grid.get(), 0, 0);  // the rest of h_grid stays zero
    s.plans->forward(s.h_grid.get(), s.H.get());
  }
  s.has_h = true;
  s.residual_ready = false;
}

double DataTerm::value() { return evaluate(nullptr, nullptr); }

double DataTerm::evaluate(Image* grad_x, Image* grad_h) {
  Impl& s = *impl_;
  if (!s.has_x || !s.has_h)
    throw InvalidInput(std::string("DataTerm evaluated before set_") + (s.has_x ? "kernel()" : "image()"));
  if (!s.residual_ready) s.compute_residual();
  if (s.backend == Backend::Direct) {
    if (grad_x) direct::full_correlation(s.r, s.h, *grad_x, s.padded, s.threads);
    if (grad_h) direct::valid_correlation(s.x, s.r, *grad_h, s.threads);
    return s.f;
  }
  if ((grad_x || grad_h) && !s.residual_spectrum_ready) {
    s.plans->forward(s.r_grid.get(), s.R.get());
    s.residual_spectrum_ready = true;
  }
  const float scale = 1.0f / static_cast<float>(s.P * s.Q);
  if (grad_x && grad_h) {
    // One pass forms both products; the second overwrites R, which is recomputed if ever needed.
    multiply_spectra_pair(s.H.get(), s.X.get(), s.R.get(), s.S.get(), s.spectrum_floats / 2, scale, s.threads);
    s.residual_spectrum_ready = false;
    s.plans->inverse(s.S.get(), s.work.get());
    s.copy_from_grid(s.work.get(), *grad_x, s.m, s.n);
    s.plans->inverse(s.R.get(), s.work.get());
    s.copy_from_grid(s.work.get(), *grad_h, s.k, s.l);
  } else if (grad_x) {
    s.multiply(s.H, s.R, true);
    s.plans->inverse(s.S.get(), s.work.get());
    s.copy_from_grid(s.work.get(), *grad_x, s.m, s.n);
  } else if (grad_h) {
    s.multiply(s.X, s.R, true);
    s.plans->inverse(s.S.get(), s.work.get());
    s.copy_from_grid(s.work.get(), *grad_h, s.k, s.l);
  }
  return s.f;
}

const Image& DataTerm::observation() const { return impl_->y; }
Index DataTerm::kernel_rows() const { return impl_->k; }
Index DataTerm::kernel_cols() const { return impl_->l; }
Backend DataTerm::backend() const { return impl_->backend; }
int DataTerm::threads() const { return impl_->threads; }
Index DataTerm::fft_rows() const { return impl_->P; }
Index DataTerm::fft_cols() const { return impl_->Q; }

}  // namespace deblur
