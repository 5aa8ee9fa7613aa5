#pragma once
// FFTW plumbing shared by the FFT backend of the convolution operators and the data term: fast
// padded sizes, aligned buffers, a process-wide cache of single-precision r2c/c2r plans (full and
// pruned to the kernel rows) and the pointwise spectrum products. fftw3.h stays out of this header
// so that users of core need not see FFTW.
#include "core/image.hpp"

#include <cstddef>
#include <functional>
#include <memory>

namespace deblur {

// How hard FFTW searches for a fast plan. Estimate plans in microseconds; Measure times candidate
// algorithms: 0.7–3 s for a DataTerm of a size new to the process (near-instant once the size is in
// FFTW's wisdom), for evaluations 1.3–1.7× faster (bench_gradients prints the trade-off: break-even
// after ~2700 evaluations at 256², ~370 at 512², ~170 at 1024², ~35 at 2048²).
// Automatic: Measure from kMeasurePlanningPixels (700²) up, Estimate below.
enum class FftPlanning { Automatic, Estimate, Measure };
inline constexpr Index kMeasurePlanningPixels = 700 * 700;

// Smallest 2^a·3^b·5^c·7^d ≥ n that is a multiple of `multiple_of` (FFTW has hard-coded codelets
// for these radices).
Index fast_fft_size(Index n, Index multiple_of = 1);
// The length the FFT backends pad n to: fast_fft_size(n, 4). Under FFTW_ESTIMATE, lengths of the form
// 2·odd (270, 450, 630, 686) ran ~1.5× slower per point than multiples of 4 in a sweep of 250–720
// on this machine, and odd lengths (525 vs 540) up to 2.5×.
Index padded_fft_size(Index n);

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
  static const FftPlans& get(Index rows, Index cols, int threads = 1, FftPlanning planning = FftPlanning::Automatic);

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

// Pruned transforms for arrays whose rows from `used_rows` on are zero (forward) or not wanted
// (inverse) — the kernel h and ∂f/∂h, k rows of P. A 2-D transform is a pass of row transforms
// and a pass of column transforms; here the row pass runs on the used rows only. Same layout and
// results as FftPlans; measured 2–3× faster for k = 31 of P = 1080.
class PrunedFftPlans {
 public:
  static const PrunedFftPlans& get(Index rows, Index cols, Index used_rows, int threads = 1,
                                   FftPlanning planning = FftPlanning::Automatic);

  // Reads rows [0, used_rows) of `real` only (it may be a used_rows×cols buffer).
  void forward(const float* real, float* spectrum) const;
  // Writes rows [0, used_rows) of `real` only; destroys `spectrum`.
  void inverse(float* spectrum, float* real) const;

  PrunedFftPlans(Index rows, Index cols, Index used_rows, int threads, FftPlanning planning);  // use get()
  ~PrunedFftPlans();
  PrunedFftPlans(const PrunedFftPlans&) = delete;
  PrunedFftPlans& operator=(const PrunedFftPlans&) = delete;

 private:
  Index rows_, cols_, used_rows_;
  int threads_;
  void* rows_r2c_;      // fftwf_plan: r2c of the used rows
  void* cols_forward_;  // in-place c2c down every spectrum column
  void* cols_backward_;
  void* rows_c2r_;  // c2r of the used rows
};

// A 2-D r2c / c2r transform of a large rows×cols array as a pass of 1-D row transforms and a pass of
// column transforms, the columns in blocks copied to contiguous scratch, every 1-D plan made under
// FFTW_ESTIMATE and the passes split over `threads` by rows and by column blocks. At 12 MP a measured
// 2-D plan (FftPlans) costs seconds of planning and runs no faster; an estimated one runs 2.5× slower.
// Results equal FftPlans' up to float rounding; the spectrum's rows are spectrum_stride() complex
// values apart (cols/2+1 rounded up to even, so that every row has the alignment of the first, which
// FFTW's new-array execution needs), the padding written as 0. `cols` must be a multiple of 4.
class RowColumnFftPlans {
 public:
  static const RowColumnFftPlans& get(Index rows, Index cols, int threads = 1);

  Index rows() const { return rows_; }
  Index cols() const { return cols_; }
  Index spectrum_cols() const { return cols_ / 2 + 1; }
  Index spectrum_stride() const { return (cols_ / 2 + 2) / 2 * 2; }
  std::size_t real_size() const { return static_cast<std::size_t>(rows_ * cols_); }
  std::size_t spectrum_floats() const { return static_cast<std::size_t>(2 * rows_ * spectrum_stride()); }

  void forward(const float* real, float* spectrum) const;  // input preserved
  void inverse(float* spectrum, float* real) const;        // destroys `spectrum`

  // The passes apart, for products in the Fourier domain between forward and inverse transforms:
  // forward_rows of each array, then columns_between — on each block of columns of the spectra a and
  // b (b may be null): forward column transforms, between(first, count, block_a, block_b), inverse
  // column transforms — then inverse_rows: the spectra are read and written once between the row
  // passes instead of three times. A block holds columns [first, first + count) column-major: the
  // complex value of row i and column first + c at 2·(c·rows + i), which is 2·((first + c)·rows + i)
  // in the spectrum's transpose.
  // forward_row / inverse_row: one row of the row passes (a real row of cols values, a spectrum row of
  // 2·spectrum_stride() floats), for callers that fuse the row passes with their own work on each row.
  using Between = std::function<void(Index first, Index count, float* block_a, float* block_b)>;
  void forward_rows(const float* real, float* spectrum) const;  // input preserved
  void inverse_rows(float* spectrum, float* real) const;        // destroys `spectrum`
  void forward_row(const float* real, float* spectrum_row) const;
  void inverse_row(float* spectrum_row, float* real) const;  // destroys `spectrum_row`
  void columns_between(float* a, float* b, const Between& between) const;

  RowColumnFftPlans(Index rows, Index cols, int threads);  // use get()
  ~RowColumnFftPlans();
  RowColumnFftPlans(const RowColumnFftPlans&) = delete;
  RowColumnFftPlans& operator=(const RowColumnFftPlans&) = delete;

 private:
  // The column pass over a and b (if not null), in place: forward (direction 0), backward (1), or
  // forward, `between` and backward when it is given.
  void columns(float* a, float* b, int direction, const Between* between) const;
  Index rows_, cols_;
  int threads_;
  void* row_r2c_;  // fftwf_plan: one row
  void* row_c2r_;
  void* block_[2];  // a block of kColumnBlock contiguous columns, forward and backward
  void* rest_[2];   // the last block, of the remaining columns (null when there are none)
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
