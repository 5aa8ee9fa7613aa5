#pragma once
// FFTW plumbing shared by the FFT backend of the convolution operators and the data term: fast
// padded sizes, aligned buffers and a process-wide cache of single-precision r2c/c2r plan pairs.
// fftw3.h stays out of this header so that users of core need not see FFTW.
#include "core/image.hpp"

#include <complex>
#include <cstddef>
#include <memory>

namespace deblur {

// How hard FFTW searches for a fast plan. Estimate plans in microseconds; Measure times candidate
// algorithms: 0.3–2.5 s for a size new to the process (near-instant once it is in FFTW's wisdom),
// for transforms up to 2× faster at 1024² and above (bench_gradients prints the trade-off).
// Automatic: Measure from kMeasurePlanningPixels up, where a few hundred evaluations repay it.
enum class FftPlanning { Automatic, Estimate, Measure };
inline constexpr Index kMeasurePlanningPixels = 700 * 700;

// Smallest 2^a·3^b·5^c·7^d ≥ n (FFTW has hard-coded codelets for these radices), even when `even`
// is set. The backends pad both dimensions to even sizes: odd lengths measured 1.5–2.5× slower per
// point here (525 vs 540, 1125 vs 1152).
Index fast_fft_size(Index n, bool even = false);

// fftwf_malloc'ed float storage, aligned for SIMD so that one plan serves every buffer.
struct FftwFree {
  void operator()(float* p) const noexcept;
};
using FftBuffer = std::unique_ptr<float[], FftwFree>;
FftBuffer fft_alloc(std::size_t floats);

// A forward r2c and an inverse c2r plan for rows×cols real arrays (row-major, contiguous) and their
// rows×(cols/2+1) complex spectra (interleaved re, im). Unnormalised: inverse(forward(a)) = rows·cols·a.
// Execution is thread-safe and allocation-free; any buffers from fft_alloc of the right size work.
class FftPlans {
 public:
  // The cached pair for this shape, thread count and planning effort; created on first use under a
  // global lock (FFTW's planner is not thread-safe) and kept for the life of the process.
  static const FftPlans& get(Index rows, Index cols, int threads = 1,
                             FftPlanning planning = FftPlanning::Automatic);

  Index rows() const { return rows_; }
  Index cols() const { return cols_; }
  Index spectrum_cols() const { return cols_ / 2 + 1; }
  std::size_t real_size() const { return static_cast<std::size_t>(rows_ * cols_); }
  std::size_t spectrum_floats() const { return static_cast<std::size_t>(2 * rows_ * spectrum_cols()); }

  void forward(const float* real, float* spectrum) const;  // input preserved
  void inverse(float* spectrum, float* real) const;        // destroys `spectrum`

  FftPlans(Index rows, Index cols, int threads, FftPlanning planning);  // use get()
  ~FftPlans();
  FftPlans(const FftPlans&) = delete;
  FftPlans& operator=(const FftPlans&) = delete;

 private:
  Index rows_, cols_;
  void* r2c_;  // fftwf_plan
  void* c2r_;
};

// The number of threads to use for `requested` (0 = all cores).
int resolve_threads(int requested);

// out[i] = s · conj?(a[i]) · b[i] over `count` interleaved complex values, split over `threads`.
// `out` may alias `a` or `b`.
void multiply_spectra(const float* a, const float* b, float* out, std::size_t count, bool conjugate_a, float s,
                      int threads = 1);

// One pass for the two gradient products: out = s·conj(a1)·b, then b ← s·conj(a2)·b.
void multiply_spectra_pair(const float* a1, const float* a2, float* b, float* out, std::size_t count, float s,
                           int threads = 1);

}  // namespace deblur
