#include "core/objective.hpp"

#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <vector>

namespace deblur {
namespace {

std::string size_string(Index rows, Index cols) { return std::to_string(rows) + "x" + std::to_string(cols); }

bool all_zero(const Image& a) { return std::all_of(a.data(), a.data() + a.size(), [](float v) { return v == 0.0f; }); }

}  // namespace

void DataTermOptions::validate() const {
  if (threads < 0) throw InvalidInput("threads must be >= 0 (0 = all cores), got " + std::to_string(threads));
}

// FFT layout, all on one P×Q grid (P ≥ m, Q ≥ n fast sizes, so no product below wraps around onto an
// index that is read): x and h sit at the origin, the residual r at (k−1, l−1), where the valid part
// of h ⊛ x lands. Then h ⊛ x = F⁻¹(H·X), ∂f/∂x = F⁻¹(conj(H)·R) and ∂f/∂h = F⁻¹(conj(X)·R), cropped.
// The 1/(P·Q) of the unnormalised inverse is folded into each product.
// x is transformed with its mean μ removed (x_c = x − μ) and μ added back exactly: h ⊛ x = h ⊛ x_c +
// μ·Σh and ∂f/∂h = x_c ⋆ r + μ·Σr. Without this the large DC term of X carries a float rounding
// error into every residual as a common offset, which Σ r·x amplifies: ∂f/∂h was off by 6e-5
// relative at 2048² (now 2e-7, like the direct backend).
// An x or h of zeros (the solvers' gradients at zero) is recognised: then every model value the
// general path computes is ±0, which the offset turns into +0, so r = 0 − y exactly as that path
// would make it; it is written without the transforms, and its spectrum is made once.
struct DataTerm::Impl {
  Image y;
  Image keep;  // observation mask (empty: all kept)
  Index k, l, p, q, m, n;
  Backend backend;
  int threads;
  bool has_x = false, has_h = false;
  bool zero_x = false, zero_h = false;   // all entries of x (h) are ±0
  bool residual_ready = false;           // r is current
  bool sums_ready = false;               // f and r_sum are r's
  bool residual_spectrum_ready = false;  // R = F(r) is current (FFT)
  double f = 0.0, r_sum = 0.0;

  // Direct backend.
  Image x, h, r, padded;

  // FFT backend: spectra X, H, R, product scratch S; real grids for h (k×Q, zero beyond column l),
  // the residual (zero outside its valid block) and a work grid for inputs and inverse transforms.
  // h and ∂f/∂h use transforms pruned to their k rows.
  const FftPlans* plans = nullptr;
  const PrunedFftPlans* kernel_plans = nullptr;
  Index P = 0, Q = 0;
  std::size_t spectrum_floats = 0;
  FftBuffer X, H, R, S, h_grid, r_grid, work;
  FftBuffer R_zero;            // F(0 − y) at r's place, for x = 0 or h = 0
  bool r_zero_ready = false;
  float x_mean = 0.0f;  // μ
  double h_sum = 0.0;   // Σh

  // grid[i][j] = a[i][j] − offset on a's block at the origin; false if a value written is NaN or ±Inf
  // (v·0 is 0 exactly for finite v), so that the copy is also the finiteness check.
  bool copy_into_grid(const Image& a, float* grid, float offset) const {
    const Index cols = a.cols();
    std::atomic<bool> finite{true};
    parallel_for(0, a.rows(), threads, std::max<Index>(1, kMinChunkPixels / cols), [&](Index lo, Index hi, int) {
      float zero = 0.0f;
      for (Index i = lo; i < hi; ++i) {
        const float* src = a.data() + i * cols;
        float* dst = grid + i * Q;
        for (Index j = 0; j < cols; ++j) {
          dst[j] = src[j] - offset;
          zero += dst[j] * 0.0f;
        }
      }
      if (zero != 0.0f) finite.store(false, std::memory_order_relaxed);
    });
    return finite.load();
  }

  void copy_from_grid(const float* grid, Image& out, Index rows, Index cols) const {
    out.resize(rows, cols);  // no-op when the shape already matches
    parallel_for(0, rows, threads, std::max<Index>(1, kMinChunkPixels / cols), [&](Index lo, Index hi, int) {
      for (Index i = lo; i < hi; ++i) std::memcpy(out.data() + i * cols, grid + i * Q, sizeof(float) * cols);
    });
  }

  void multiply(const FftBuffer& a, const FftBuffer& b, bool conjugate_a) {
    multiply_spectra(a.get(), b.get(), S.get(), spectrum_floats / 2, conjugate_a, 1.0f / static_cast<float>(P * Q),
                     threads);
  }

  // Row i of the residual r: in r for Direct, at (k−1+i, l−1) of r_grid for FFT.
  float* residual_row(Index i) {
    return backend == Backend::Direct ? r.data() + i * q : r_grid.get() + (i + k - 1) * Q + (l - 1);
  }

  // Calls row(i, residual_row(i)) for every row, and with `sums` adds up Σr² (f = ½Σr²) and Σr in
  // double. The sums run in row order on one thread whatever the thread count, so that f and ∂f/∂h
  // do not depend on it, and a later pass (sum_residual) gives the numbers the first would have.
  template <class Row>
  void residual_pass(bool sums, Row&& row) {
    const auto masked_row = [&](Index i, float* res) {
      row(i, res);
      if (keep.size() == 0) return;
      const float* kp = keep.data() + i * q;
      for (Index j = 0; j < q; ++j) res[j] = kp[j] != 0.0f ? res[j] : 0.0f;
    };
    if (!sums) {
      parallel_for(0, p, threads, std::max<Index>(1, kMinChunkPixels / q), [&](Index lo, Index hi, int) {
        for (Index i = lo; i < hi; ++i) masked_row(i, residual_row(i));
      });
      return;
    }
    double s = 0.0, sr = 0.0;
    for (Index i = 0; i < p; ++i) {
      float* res = residual_row(i);
      masked_row(i, res);
      for (Index j = 0; j < q; ++j) {
        s += static_cast<double>(res[j]) * res[j];
        sr += res[j];
      }
    }
    f = 0.5 * s;
    r_sum = sr;
    sums_ready = true;
  }

  void sum_residual() { residual_pass(true, [](Index, float*) {}); }

  // r = h ⊛ x − y, with f and Σr if `sums` (the sums are a serial chain of double additions, as long
  // as the rest of the pass: CG loops that need only ∂f/∂x skip them).
  void compute_residual(bool sums) {
    sums_ready = false;
    if (zero_x || zero_h) {
      if (backend == Backend::Direct) r.resize(p, q);
      residual_pass(sums, [&](Index i, float* res) {
        const float* obs = y.data() + i * q;
        for (Index j = 0; j < q; ++j) res[j] = 0.0f - obs[j];
      });
      residual_spectrum_ready = false;
    } else if (backend == Backend::Direct) {
      direct::valid_convolution(x, h, r, threads);
      residual_pass(sums, [&](Index i, float* res) {
        const float* obs = y.data() + i * q;
        for (Index j = 0; j < q; ++j) res[j] = res[j] - obs[j];
      });
    } else {
      multiply(H, X, false);
      plans->inverse(S.get(), work.get());
      // μ·Σh as an unevaluated float sum hi + lo: rounding it to one float would bias every residual
      // by the same ~3e-8, which Σ r·x turns into a 1e-5 relative error of ∂f/∂h at 2048².
      const double offset = static_cast<double>(x_mean) * h_sum;
      const auto offset_hi = static_cast<float>(offset), offset_lo = static_cast<float>(offset - offset_hi);
      residual_pass(sums, [&](Index i, float* res) {
        const float* model = work.get() + (i + k - 1) * Q + (l - 1);
        const float* obs = y.data() + i * q;
        for (Index j = 0; j < q; ++j) res[j] = ((model[j] + offset_lo) + offset_hi) - obs[j];
      });
      residual_spectrum_ready = false;
    }
    residual_ready = true;
  }

  // The residual, and its sums if `sums`, for the current x and h.
  void prepare(bool sums) {
    if (!has_x || !has_h)
      throw InvalidInput(std::string("DataTerm evaluated before set_") + (has_x ? "kernel()" : "image()"));
    if (!residual_ready) compute_residual(sums);
    else if (sums && !sums_ready) sum_residual();
  }

  // The gradients asked for, from the current residual (and Σr for ∂f/∂h of the FFT backend).
  void gradients(Image* grad_x, Image* grad_h) {
    if (backend == Backend::Direct) {
      if (grad_x) direct::full_correlation(r, h, *grad_x, padded, threads);
      if (grad_h) direct::valid_correlation(x, r, *grad_h, threads);
      return;
    }
    if ((grad_x || grad_h) && !residual_spectrum_ready) {
      if (!(zero_x || zero_h)) {
        plans->forward(r_grid.get(), R.get());
      } else {
        if (!r_zero_ready) plans->forward(r_grid.get(), R_zero.get());
        r_zero_ready = true;
        std::memcpy(R.get(), R_zero.get(), spectrum_floats * sizeof(float));
      }
      residual_spectrum_ready = true;
    }
    const float scale = 1.0f / static_cast<float>(P * Q);
    if (grad_x && grad_h) {
      // One pass forms both products; the second overwrites R, which is recomputed if ever needed.
      multiply_spectra_pair(H.get(), X.get(), R.get(), S.get(), spectrum_floats / 2, scale, threads);
      residual_spectrum_ready = false;
      plans->inverse(S.get(), work.get());
      copy_from_grid(work.get(), *grad_x, m, n);
      kernel_plans->inverse(R.get(), work.get());
      copy_from_grid(work.get(), *grad_h, k, l);
      grad_h->array() += static_cast<float>(x_mean * r_sum);
    } else if (grad_x) {
      multiply(H, R, true);
      plans->inverse(S.get(), work.get());
      copy_from_grid(work.get(), *grad_x, m, n);
    } else if (grad_h) {
      multiply(X, R, true);
      kernel_plans->inverse(S.get(), work.get());
      copy_from_grid(work.get(), *grad_h, k, l);
      grad_h->array() += static_cast<float>(x_mean * r_sum);
    }
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
  s.threads = resolve_threads(options.threads);
  s.backend = options.backend == Backend::Automatic ? choose_backend(s.m, s.n, s.k, s.l) : options.backend;
  if (s.backend == Backend::Fft) {
    s.plans = &FftPlans::get(padded_fft_size(s.m), padded_fft_size(s.n), s.threads, options.planning);
    s.P = s.plans->rows();
    s.Q = s.plans->cols();
    s.spectrum_floats = s.plans->spectrum_floats();
    s.kernel_plans = &PrunedFftPlans::get(s.P, s.Q, s.k, s.threads, options.planning);
    for (FftBuffer* b : {&s.X, &s.H, &s.R, &s.S, &s.R_zero}) *b = fft_alloc(s.spectrum_floats);
    for (FftBuffer* b : {&s.r_grid, &s.work}) {
      *b = fft_alloc(s.plans->real_size());
      std::memset(b->get(), 0, s.plans->real_size() * sizeof(float));
    }
    const auto h_size = static_cast<std::size_t>(s.k * s.Q);
    s.h_grid = fft_alloc(h_size);
    std::memset(s.h_grid.get(), 0, h_size * sizeof(float));
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
  const bool zero = all_zero(x);  // NaN is not zero
  if (s.backend == Backend::Direct) {
    require_finite(x, "image");
    s.x = x;
  } else if (zero) {
    s.x_mean = x.mean();
    std::memset(s.X.get(), 0, s.spectrum_floats * sizeof(float));
  } else {
    // The work grid's border beyond m×n is garbage after an inverse transform: clear it.
    float* grid = s.work.get();
    for (Index i = 0; i < s.m; ++i) std::fill(grid + i * s.Q + s.n, grid + (i + 1) * s.Q, 0.0f);
    std::fill(grid + s.m * s.Q, grid + s.P * s.Q, 0.0f);
    // The grid is scratch: the check on the copy throws before any state changes.
    const float mean = x.mean();
    if (!s.copy_into_grid(x, grid, mean)) require_finite(x, "image");
    s.x_mean = mean;
    s.plans->forward(grid, s.X.get());
  }
  s.zero_x = zero;
  s.has_x = true;
  s.residual_ready = false;
}

void DataTerm::set_kernel(const Image& h) {
  Impl& s = *impl_;
  if (h.rows() != s.k || h.cols() != s.l)
    throw InvalidInput("kernel " + shape_string(h) + " is not the declared " + size_string(s.k, s.l));
  require_finite(h, "kernel");
  s.zero_h = all_zero(h);
  if (s.backend == Backend::Direct) {
    s.h = h;
  } else if (s.zero_h) {
    s.h_sum = h.cast<double>().sum();
    std::memset(s.H.get(), 0, s.spectrum_floats * sizeof(float));
  } else {
    s.copy_into_grid(h, s.h_grid.get(), 0.0f);  // the rest of h_grid stays zero
    s.h_sum = h.cast<double>().sum();
    s.kernel_plans->forward(s.h_grid.get(), s.H.get());
  }
  s.has_h = true;
  s.residual_ready = false;
}

double DataTerm::value() { return evaluate(nullptr, nullptr); }

double DataTerm::evaluate(Image* grad_x, Image* grad_h) {
  impl_->prepare(true);
  impl_->gradients(grad_x, grad_h);
  return impl_->f;
}

void DataTerm::gradients(Image* grad_x, Image* grad_h) {
  // ∂f/∂h of the FFT backend needs Σr (the mean of x added back).
  impl_->prepare(grad_h && impl_->backend == Backend::Fft);
  impl_->gradients(grad_x, grad_h);
}

void DataTerm::set_observation_mask(const Image& keep) {
  Impl& s = *impl_;
  if (keep.size() != 0 && (keep.rows() != s.p || keep.cols() != s.q))
    throw InvalidInput("observation mask " + shape_string(keep) + " does not match the observation " + shape_string(s.y));
  s.keep = keep;
  s.residual_ready = false;
  s.residual_spectrum_ready = false;
  s.r_zero_ready = false;
}

const Image& DataTerm::observation() const { return impl_->y; }
Index DataTerm::kernel_rows() const { return impl_->k; }
Index DataTerm::kernel_cols() const { return impl_->l; }
Backend DataTerm::backend() const { return impl_->backend; }
int DataTerm::threads() const { return impl_->threads; }
Index DataTerm::fft_rows() const { return impl_->P; }
Index DataTerm::fft_cols() const { return impl_->Q; }

}  // namespace deblur
