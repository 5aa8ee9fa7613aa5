#include "core/fft.hpp"

#include "core/parallel.hpp"

#include <fftw3.h>

#include <map>
#include <mutex>
#include <new>
#include <thread>
#include <tuple>

namespace deblur {

Index fast_fft_size(Index n, bool even) {
  for (Index s = std::max<Index>(n, 1);; ++s) {
    if (even && s % 2 != 0) continue;
    Index t = s;
    for (Index f : {2, 3, 5, 7})
      while (t % f == 0) t /= f;
    if (t == 1) return s;
  }
}

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
}

FftPlans::FftPlans(Index rows, Index cols, int threads, FftPlanning planning) : rows_(rows), cols_(cols) {
  // Plans are made on scratch arrays (Measure overwrites them) and later run on other buffers
  // through the new-array interface, which needs the same alignment — fftw_malloc guarantees it.
  FftBuffer real = fft_alloc(real_size()), spectrum = fft_alloc(spectrum_floats());
  const unsigned flags = planning == FftPlanning::Measure ? FFTW_MEASURE : FFTW_ESTIMATE;
  fftwf_plan_with_nthreads(threads);
  auto* c = reinterpret_cast<fftwf_complex*>(spectrum.get());
  r2c_ = fftwf_plan_dft_r2c_2d(static_cast<int>(rows), static_cast<int>(cols), real.get(), c, flags);
  c2r_ = fftwf_plan_dft_c2r_2d(static_cast<int>(rows), static_cast<int>(cols), c, real.get(), flags);
  if (!r2c_ || !c2r_) throw std::runtime_error("FFTW could not plan a " + std::to_string(rows) + "x" +
                                               std::to_string(cols) + " transform");
}

FftPlans::~FftPlans() {
  std::lock_guard lock(planner_mutex);
  fftwf_destroy_plan(static_cast<fftwf_plan>(r2c_));
  fftwf_destroy_plan(static_cast<fftwf_plan>(c2r_));
}

const FftPlans& FftPlans::get(Index rows, Index cols, int threads, FftPlanning planning) {
  static std::map<std::tuple<Index, Index, int, FftPlanning>, std::unique_ptr<FftPlans>> cache;
  static const bool threads_ready = fftwf_init_threads() != 0;  // once, thread-safe static init
  threads = threads_ready ? std::max(1, threads) : 1;
  if (planning == FftPlanning::Automatic)
    planning = rows * cols >= kMeasurePlanningPixels ? FftPlanning::Measure : FftPlanning::Estimate;
  std::lock_guard lock(planner_mutex);
  auto& slot = cache[{rows, cols, threads, planning}];
  if (!slot) slot = std::make_unique<FftPlans>(rows, cols, threads, planning);
  return *slot;
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

void multiply_range(const float* a, const float* b, float* out, std::size_t lo, std::size_t hi, bool conj_a,
                    float s) {
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
  parallel_for(0, static_cast<std::ptrdiff_t>(count), threads, 1 << 16, [&](std::ptrdiff_t lo, std::ptrdiff_t hi, int) {
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
  parallel_for(0, static_cast<std::ptrdiff_t>(count), threads, 1 << 16, [&](std::ptrdiff_t lo, std::ptrdiff_t hi, int) {
    multiply_range(a, b, out, static_cast<std::size_t>(lo), static_cast<std::size_t>(hi), conjugate_a, s);
  });
}

}  // namespace deblur
