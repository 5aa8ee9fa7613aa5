#include "core/fft.hpp"

#include "core/parallel.hpp"

#include <fftw3.h>

#include <algorithm>
#include <complex>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>

namespace deblur {

Index fast_fft_size(Index n, Index multiple_of) {
  for (Index s = std::max<Index>(n, 1);; ++s) {
    if (s % multiple_of != 0) continue;
    Index t = s;
    for (Index f : {2, 3, 5, 7})
      while (t % f == 0) t /= f;
    if (t == 1) return s;
  }
}

Index padded_fft_size(Index n) { return fast_fft_size(n, 4); }

void FftwFree::operator()(float* p) const noexcept { fftwf_free(p); }

FftBuffer fft_alloc(std::size_t floats) {
  float* p = fftwf_alloc_real(floats);
  if (!p) throw std::bad_alloc();
  return FftBuffer(p);
}

int resolve_threads(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

namespace {

std::mutex planner_mutex;  // guards every FFTW call except fftwf_execute*

unsigned planner_flags(Index rows, Index cols, FftPlanning planning) {
  if (planning == FftPlanning::Automatic)
    planning = rows * cols >= kMeasurePlanningPixels ? FftPlanning::Measure : FftPlanning::Estimate;
  return planning == FftPlanning::Measure ? FFTW_MEASURE : FFTW_ESTIMATE;
}

// FFTW's threaded plans run their pieces through this instead of FFTW's own threads: on the pool of
// core/parallel, whose caller takes every piece no helper has claimed (so a descheduled helper does
// not stall a transform) and which runs them on the calling thread when that is already one of the
// pool's (a transform inside a parallel task), instead of starting more threads than cores.
void run_on_pool(void* (*work)(char*), char* jobdata, std::size_t elsize, int njobs, void*) {
  if (njobs == 1) {
    work(jobdata);
    return;
  }
  auto piece = [&](int i) { work(jobdata + elsize * static_cast<std::size_t>(i)); };
  detail::run_chunks(njobs, njobs - 1, std::ref(piece));
}

// Sets the thread count of the plans made next (called under the planner lock). If FFTW's thread
// support fails to start, plans are serial.
void plan_with_threads(int threads) {
  static const bool ready = [] {  // once
    if (fftwf_init_threads() == 0) return false;
    fftwf_threads_set_callback(run_on_pool, nullptr);
    return true;
  }();
  if (ready) fftwf_plan_with_nthreads(threads);
}

// The process-wide cache behind get(): entries are made under the planner lock and never removed
// before exit, so references stay valid.
template <class Plans, class... Key>
const Plans& cached(Key... key) {
  static std::map<std::tuple<Key...>, std::unique_ptr<Plans>> cache;
  std::lock_guard lock(planner_mutex);
  auto& slot = cache[{key...}];
  if (!slot) slot = std::make_unique<Plans>(key...);
  return *slot;
}

FftPlanning resolve(Index rows, Index cols, FftPlanning planning) {
  return planner_flags(rows, cols, planning) == FFTW_MEASURE ? FftPlanning::Measure : FftPlanning::Estimate;
}

}  // namespace

FftPlans::FftPlans(Index rows, Index cols, int threads, FftPlanning planning) : rows_(rows), cols_(cols) {
  // Plans are made on scratch arrays (Measure overwrites them) and later run on other buffers
  // through the new-array interface, which needs the same alignment — fftw_malloc guarantees it.
  FftBuffer real = fft_alloc(real_size()), spectrum = fft_alloc(spectrum_floats());
  const unsigned flags = planner_flags(rows, cols, planning);
  plan_with_threads(threads);
  auto* c = reinterpret_cast<fftwf_complex*>(spectrum.get());
  r2c_ = fftwf_plan_dft_r2c_2d(static_cast<int>(rows), static_cast<int>(cols), real.get(), c, flags);
  c2r_ = fftwf_plan_dft_c2r_2d(static_cast<int>(rows), static_cast<int>(cols), c, real.get(), flags);
  if (!r2c_ || !c2r_)
    throw std::runtime_error("FFTW could not plan a " + std::to_string(rows) + "x" + std::to_string(cols) +
                             " transform");
}

FftPlans::~FftPlans() {
  std::lock_guard lock(planner_mutex);
  fftwf_destroy_plan(static_cast<fftwf_plan>(r2c_));
  fftwf_destroy_plan(static_cast<fftwf_plan>(c2r_));
}

const FftPlans& FftPlans::get(Index rows, Index cols, int threads, FftPlanning planning) {
  return cached<FftPlans>(rows, cols, std::max(1, threads), resolve(rows, cols, planning));
}

void FftPlans::forward(const float* real, float* spectrum) const {
  // r2c never writes its input (FFTW_PRESERVE_INPUT is the out-of-place r2c default).
  fftwf_execute_dft_r2c(static_cast<fftwf_plan>(r2c_), const_cast<float*>(real),
                        reinterpret_cast<fftwf_complex*>(spectrum));
}

void FftPlans::inverse(float* spectrum, float* real) const {
  fftwf_execute_dft_c2r(static_cast<fftwf_plan>(c2r_), reinterpret_cast<fftwf_complex*>(spectrum), real);
}

}  // namespace deblur

namespace deblur {
namespace {

void multiply_range(const float* a, const float* b, float* out, std::size_t lo, std::size_t hi, bool conj_a, float s) {
  // Plain float arithmetic, not std::complex: its operator* calls __mulsc3 for the NaN cases and
  // does not vectorise. Two loops so the sign is a constant in each.
  if (conj_a) {
    for (std::size_t i = lo; i < hi; ++i) {
      const float ar = a[2 * i], ai = a[2 * i + 1], br = b[2 * i], bi = b[2 * i + 1];
      out[2 * i] = s * (ar * br + ai * bi);
      out[2 * i + 1] = s * (ar * bi - ai * br);
    }
  } else {
    for (std::size_t i = lo; i < hi; ++i) {
      const float ar = a[2 * i], ai = a[2 * i + 1], br = b[2 * i], bi = b[2 * i + 1];
      out[2 * i] = s * (ar * br - ai * bi);
      out[2 * i + 1] = s * (ar * bi + ai * br);
    }
  }
}

}  // namespace

void multiply_spectra_pair(const float* a1, const float* a2, float* b, float* out, std::size_t count, float s,
                           int threads) {
  parallel_for(0, static_cast<std::ptrdiff_t>(count), threads, kMinChunkPixels, [&](std::ptrdiff_t lo, std::ptrdiff_t hi, int) {
    for (auto i = static_cast<std::size_t>(lo); i < static_cast<std::size_t>(hi); ++i) {
      const float br = b[2 * i], bi = b[2 * i + 1];
      const float pr = a1[2 * i], pi = a1[2 * i + 1], qr = a2[2 * i], qi = a2[2 * i + 1];
      out[2 * i] = s * (pr * br + pi * bi);
      out[2 * i + 1] = s * (pr * bi - pi * br);
      b[2 * i] = s * (qr * br + qi * bi);
      b[2 * i + 1] = s * (qr * bi - qi * br);
    }
  });
}

void multiply_spectra(const float* a, const float* b, float* out, std::size_t count, bool conjugate_a, float s,
                      int threads) {
  parallel_for(0, static_cast<std::ptrdiff_t>(count), threads, kMinChunkPixels, [&](std::ptrdiff_t lo, std::ptrdiff_t hi, int) {
    multiply_range(a, b, out, static_cast<std::size_t>(lo), static_cast<std::size_t>(hi), conjugate_a, s);
  });
}

PrunedFftPlans::PrunedFftPlans(Index rows, Index cols, Index used_rows, int threads, FftPlanning planning)
    : rows_(rows), cols_(cols), used_rows_(used_rows), threads_(threads) {
  const Index spectrum_cols = cols / 2 + 1;
  FftBuffer real = fft_alloc(static_cast<std::size_t>(rows * cols));
  FftBuffer spectrum = fft_alloc(static_cast<std::size_t>(2 * rows * spectrum_cols));
  auto* c = reinterpret_cast<fftwf_complex*>(spectrum.get());
  const unsigned flags = planner_flags(rows, cols, planning);
  const int n_row[] = {static_cast<int>(cols)}, n_col[] = {static_cast<int>(rows)};
  const int used = static_cast<int>(used_rows), sc = static_cast<int>(spectrum_cols), rc = static_cast<int>(cols);
  plan_with_threads(threads);
  rows_r2c_ = fftwf_plan_many_dft_r2c(1, n_row, used, real.get(), nullptr, 1, rc, c, nullptr, 1, sc, flags);
  cols_forward_ = fftwf_plan_many_dft(1, n_col, sc, c, nullptr, sc, 1, c, nullptr, sc, 1, FFTW_FORWARD, flags);
  cols_backward_ = fftwf_plan_many_dft(1, n_col, sc, c, nullptr, sc, 1, c, nullptr, sc, 1, FFTW_BACKWARD, flags);
  rows_c2r_ = fftwf_plan_many_dft_c2r(1, n_row, used, c, nullptr, 1, sc, real.get(), nullptr, 1, rc, flags);
  if (!rows_r2c_ || !cols_forward_ || !cols_backward_ || !rows_c2r_)
    throw std::runtime_error("FFTW could not plan pruned " + std::to_string(rows) + "x" + std::to_string(cols) +
                             " transforms");
}

PrunedFftPlans::~PrunedFftPlans() {
  std::lock_guard lock(planner_mutex);
  for (void* p : {rows_r2c_, cols_forward_, cols_backward_, rows_c2r_}) fftwf_destroy_plan(static_cast<fftwf_plan>(p));
}

const PrunedFftPlans& PrunedFftPlans::get(Index rows, Index cols, Index used_rows, int threads, FftPlanning planning) {
  return cached<PrunedFftPlans>(rows, cols, used_rows, std::max(1, threads), resolve(rows, cols, planning));
}

void PrunedFftPlans::forward(const float* real, float* spectrum) const {
  const Index sc = cols_ / 2 + 1;
  fftwf_execute_dft_r2c(static_cast<fftwf_plan>(rows_r2c_), const_cast<float*>(real),
                        reinterpret_cast<fftwf_complex*>(spectrum));
  // The row transforms of the zero rows are zero.
  const Index row_floats = 2 * sc;
  parallel_for(used_rows_, rows_, threads_, std::max<Index>(1, kMinChunkPixels / row_floats), [&](Index lo, Index hi, int) {
    std::memset(spectrum + lo * row_floats, 0, sizeof(float) * static_cast<std::size_t>((hi - lo) * row_floats));
  });
  auto* c = reinterpret_cast<fftwf_complex*>(spectrum);
  fftwf_execute_dft(static_cast<fftwf_plan>(cols_forward_), c, c);
}

void PrunedFftPlans::inverse(float* spectrum, float* real) const {
  auto* c = reinterpret_cast<fftwf_complex*>(spectrum);
  fftwf_execute_dft(static_cast<fftwf_plan>(cols_backward_), c, c);
  fftwf_execute_dft_c2r(static_cast<fftwf_plan>(rows_c2r_), c, real);
}

}  // namespace deblur

namespace deblur {
namespace {

// Columns per block of the column pass: 16 complex values are two cache lines of each row.
constexpr Index kColumnBlock = 16;

}  // namespace

RowColumnFftPlans::RowColumnFftPlans(Index rows, Index cols, int threads)
    : rows_(rows), cols_(cols), threads_(threads), block_{}, rest_{} {
  if (cols % 4 != 0) throw std::invalid_argument("RowColumnFftPlans: cols must be a multiple of 4");
  const int n_row = static_cast<int>(cols), n_col = static_cast<int>(rows);
  FftBuffer real = fft_alloc(static_cast<std::size_t>(cols)), scratch = fft_alloc(static_cast<std::size_t>(2 * rows * kColumnBlock));
  auto* c = reinterpret_cast<fftwf_complex*>(scratch.get());
  const int rest = static_cast<int>(spectrum_cols() % kColumnBlock), block = static_cast<int>(kColumnBlock);
  plan_with_threads(1);
  row_r2c_ = fftwf_plan_dft_r2c_1d(n_row, real.get(), c, FFTW_ESTIMATE);
  row_c2r_ = fftwf_plan_dft_c2r_1d(n_row, c, real.get(), FFTW_ESTIMATE);
  bool planned = row_r2c_ && row_c2r_;
  for (int d = 0; d < 2; ++d) {
    const int sign = d == 0 ? FFTW_FORWARD : FFTW_BACKWARD;
    block_[d] = fftwf_plan_many_dft(1, &n_col, block, c, nullptr, 1, n_col, c, nullptr, 1, n_col, sign, FFTW_ESTIMATE);
    if (rest > 0) rest_[d] = fftwf_plan_many_dft(1, &n_col, rest, c, nullptr, 1, n_col, c, nullptr, 1, n_col, sign, FFTW_ESTIMATE);
    planned = planned && block_[d] && (rest == 0 || rest_[d]);
  }
  if (!planned)
    throw std::runtime_error("FFTW could not plan row and column transforms of " + std::to_string(rows) + "x" +
                             std::to_string(cols));
}

RowColumnFftPlans::~RowColumnFftPlans() {
  std::lock_guard lock(planner_mutex);
  for (void* p : {row_r2c_, row_c2r_, block_[0], block_[1], rest_[0], rest_[1]})
    if (p) fftwf_destroy_plan(static_cast<fftwf_plan>(p));
}

const RowColumnFftPlans& RowColumnFftPlans::get(Index rows, Index cols, int threads) {
  return cached<RowColumnFftPlans>(rows, cols, std::max(1, threads));
}

void RowColumnFftPlans::forward(const float* real, float* spectrum) const {
  forward_rows(real, spectrum);
  columns(spectrum, nullptr, 0, nullptr);
}

void RowColumnFftPlans::inverse(float* spectrum, float* real) const {
  columns(spectrum, nullptr, 1, nullptr);
  inverse_rows(spectrum, real);
}

void RowColumnFftPlans::columns_between(float* a, float* b, const Between& between) const {
  columns(a, b, 0, &between);
}

void RowColumnFftPlans::forward_row(const float* real, float* spectrum_row) const {
  // r2c never writes its input (FFTW_PRESERVE_INPUT is the out-of-place r2c default).
  fftwf_execute_dft_r2c(static_cast<fftwf_plan>(row_r2c_), const_cast<float*>(real),
                        reinterpret_cast<fftwf_complex*>(spectrum_row));
  std::fill(spectrum_row + 2 * spectrum_cols(), spectrum_row + 2 * spectrum_stride(), 0.0f);
}

void RowColumnFftPlans::inverse_row(float* spectrum_row, float* real) const {
  fftwf_execute_dft_c2r(static_cast<fftwf_plan>(row_c2r_), reinterpret_cast<fftwf_complex*>(spectrum_row), real);
}

void RowColumnFftPlans::forward_rows(const float* real, float* spectrum) const {
  parallel_for(0, rows_, threads_, std::max<Index>(1, kMinChunkPixels / cols_), [&](Index lo, Index hi, int) {
    for (Index i = lo; i < hi; ++i) forward_row(real + i * cols_, spectrum + 2 * i * spectrum_stride());
  });
}

void RowColumnFftPlans::inverse_rows(float* spectrum, float* real) const {
  parallel_for(0, rows_, threads_, std::max<Index>(1, kMinChunkPixels / cols_), [&](Index lo, Index hi, int) {
    for (Index i = lo; i < hi; ++i) inverse_row(spectrum + 2 * i * spectrum_stride(), real + i * cols_);
  });
}

void RowColumnFftPlans::columns(float* a, float* b, int direction, const Between* between) const {
  using Complex = std::complex<float>;  // copied, never multiplied
  const Index sc = spectrum_cols(), stride = spectrum_stride(), blocks = (sc + kColumnBlock - 1) / kColumnBlock;
  const Index block_floats = 2 * rows_ * kColumnBlock;
  float* spectra[2] = {a, b};
  const int count = b ? 2 : 1;
  parallel_for(0, blocks, threads_, std::max<Index>(1, kMinChunkPixels / (rows_ * kColumnBlock * count)), [&](Index lo, Index hi, int) {
    FftBuffer scratch = fft_alloc(static_cast<std::size_t>(count * block_floats));
    float* t[2] = {scratch.get(), b ? scratch.get() + block_floats : nullptr};  // column j0 + c at [c·rows + i]
    for (Index k = lo; k < hi; ++k) {
      const Index j0 = k * kColumnBlock, width = std::min(kColumnBlock, sc - j0);
      void* const* plans = width == kColumnBlock ? block_ : rest_;
      const auto transform = [&](int d) {
        for (int s = 0; s < count; ++s) {
          auto* tc = reinterpret_cast<fftwf_complex*>(t[s]);
          fftwf_execute_dft(static_cast<fftwf_plan>(plans[d]), tc, tc);
        }
      };
      for (int s = 0; s < count; ++s) {
        const auto* from = reinterpret_cast<const Complex*>(spectra[s]) + j0;
        auto* to = reinterpret_cast<Complex*>(t[s]);
        for (Index i = 0; i < rows_; ++i)
          for (Index c = 0; c < width; ++c) to[c * rows_ + i] = from[i * stride + c];
      }
      if (between) {
        transform(0);
        (*between)(j0, width, t[0], t[1]);
        transform(1);
      } else {
        transform(direction);
      }
      for (int s = 0; s < count; ++s) {
        const auto* from = reinterpret_cast<const Complex*>(t[s]);
        auto* to = reinterpret_cast<Complex*>(spectra[s]) + j0;
        for (Index i = 0; i < rows_; ++i)
          for (Index c = 0; c < width; ++c) to[i * stride + c] = from[c * rows_ + i];
      }
    }
  });
}

}  // namespace deblur
