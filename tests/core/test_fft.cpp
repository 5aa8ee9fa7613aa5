// The row-column transforms of core/fft against FftPlans' 2-D ones, on shapes whose column count leaves
// a partial block and an odd spectrum width (padded rows), and threaded against single-threaded.
#include "core/fft.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <complex>
#include <random>
#include <tuple>

namespace deblur {
namespace {

// The spectrum of `split` (rows spectrum_stride() apart) as FftPlans lays it out (spectrum_cols() apart).
Image packed(const RowColumnFftPlans& split, const float* spectrum) {
  Image out(split.rows(), 2 * split.spectrum_cols());
  for (Index i = 0; i < split.rows(); ++i)
    std::copy_n(spectrum + 2 * i * split.spectrum_stride(), 2 * split.spectrum_cols(), out.data() + i * out.cols());
  return out;
}

TEST_CASE("row-column transforms equal the 2-D plans, padding rows with zeros") {
  std::mt19937 rng(61);
  for (const auto& [P, Q] : {std::tuple<Index, Index>{24, 20}, {70, 36}, {33, 64}, {16, 4}}) {
    CAPTURE(P);
    CAPTURE(Q);
    const FftPlans& full = FftPlans::get(P, Q, 1, FftPlanning::Estimate);
    const RowColumnFftPlans& split = RowColumnFftPlans::get(P, Q, 1);
    CHECK(split.spectrum_stride() % 2 == 0);
    const Image data = test::random_image(P, Q, rng, -1, 1);
    FftBuffer a = fft_alloc(full.spectrum_floats()), b = fft_alloc(split.spectrum_floats());
    full.forward(data.data(), a.get());
    std::fill_n(b.get(), split.spectrum_floats(), 123.0f);  // stale data must not leak in
    split.forward(data.data(), b.get());
    const Eigen::Map<const Image> want(a.get(), P, 2 * full.spectrum_cols());
    CHECK((packed(split, b.get()) - want).cwiseAbs().maxCoeff() <= 1e-5f * want.cwiseAbs().maxCoeff());
    for (Index i = 0; i < P; ++i)
      for (Index j = 2 * split.spectrum_cols(); j < 2 * split.spectrum_stride(); ++j) CHECK(b[i * 2 * split.spectrum_stride() + j] == 0.0f);
    // Inverse: back to P·Q times the data.
    Image back(P, Q);
    split.inverse(b.get(), back.data());
    CHECK(test::relative_error(back / static_cast<float>(P * Q), data) < 1e-5);
  }
}

TEST_CASE("row-column transforms give the same bits on every thread count") {
  std::mt19937 rng(62);
  const Index P = 520, Q = 448;  // large enough that both passes split over two threads
  const RowColumnFftPlans& one = RowColumnFftPlans::get(P, Q, 1);
  const RowColumnFftPlans& two = RowColumnFftPlans::get(P, Q, 2);
  CHECK(&RowColumnFftPlans::get(P, Q, 2) == &two);
  const Image data = test::random_image(P, Q, rng, -1, 1);
  FftBuffer a = fft_alloc(one.spectrum_floats()), b = fft_alloc(one.spectrum_floats());
  one.forward(data.data(), a.get());
  two.forward(data.data(), b.get());
  CHECK(std::equal(a.get(), a.get() + one.spectrum_floats(), b.get()));
  Image x1(P, Q), x2(P, Q);
  one.inverse(a.get(), x1.data());
  two.inverse(b.get(), x2.data());
  CHECK(x1 == x2);
}

}  // namespace
}  // namespace deblur

namespace deblur {
namespace {

TEST_CASE("columns_between: a product in the Fourier domain between the passes (a shift, against the shifted data)") {
  std::mt19937 rng(63);
  for (const auto& [P, Q, threads] : {std::tuple<Index, Index, int>{24, 20, 1}, {70, 36, 1}, {520, 448, 2}}) {
    CAPTURE(P);
    CAPTURE(Q);
    const RowColumnFftPlans& plans = RowColumnFftPlans::get(P, Q, threads);
    const Image data = test::random_image(P, Q, rng, -1, 1), other = test::random_image(P, Q, rng, -1, 1);
    FftBuffer a = fft_alloc(plans.spectrum_floats()), b = fft_alloc(plans.spectrum_floats());
    plans.forward_rows(data.data(), a.get());
    plans.forward_rows(other.data(), b.get());
    // The spectrum of a delay by (1, 2) rows and columns: e^{−2πi(u/P + 2v/Q)} at frequency (u, v).
    plans.columns_between(a.get(), b.get(), [&](Index first, Index count, float* ba, float* bb) {
      for (Index c = 0; c < count; ++c)
        for (Index u = 0; u < P; ++u) {
          const double phase = -2 * 3.14159265358979323846 * (static_cast<double>(u) / P + 2.0 * static_cast<double>(first + c) / Q);
          const std::complex<float> z(ba[2 * (c * P + u)], ba[2 * (c * P + u) + 1]);
          const std::complex<float> shifted = z * std::complex<float>(std::polar(1.0 / (P * Q), phase));
          ba[2 * (c * P + u)] = shifted.real();
          ba[2 * (c * P + u) + 1] = shifted.imag();
          bb[2 * (c * P + u)] /= static_cast<float>(P * Q);  // b only comes back
          bb[2 * (c * P + u) + 1] /= static_cast<float>(P * Q);
        }
    });
    Image shifted(P, Q), back(P, Q), want(P, Q);
    plans.inverse_rows(a.get(), shifted.data());
    plans.inverse_rows(b.get(), back.data());
    for (Index i = 0; i < P; ++i)
      for (Index j = 0; j < Q; ++j) want(i, j) = data((i + P - 1) % P, (j + Q - 2) % Q);
    CHECK(test::relative_error(shifted, want) < 1e-5);
    CHECK(test::relative_error(back, other) < 1e-5);
  }
}

}  // namespace
}  // namespace deblur
