// The closed-form estimator (run.estimator = "fourier") on shake as cameras record it: a bright dwell
// where the hand rested and a faint loop where it moved.
#include "solvers/blind_deconvolution.hpp"
#include "synthetic.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace deblur;
using namespace deblur::solvers;

namespace {

constexpr int kSize = 15;

// A faint loop (a circle of radius 4, ~25 px) holding half the mass, and a dwell of 3×3 px on it
// holding the other half; the centre of mass is the window's centre.
Image dwell_and_loop() {
  Image h = Image::Zero(kSize, kSize);
  const double c = kSize / 2;
  for (int a = 0; a < 360; a += 3) {
    const double t = a * std::acos(-1.0) / 180;
    h(static_cast<Index>(std::lround(c + 4 * std::sin(t))), static_cast<Index>(std::lround(c - 2 + 4 * std::cos(t)))) = 1;
  }
  h /= 2 * h.sum();
  h.block(static_cast<Index>(c) - 1, static_cast<Index>(c) + 1, 3, 3).array() += 0.5f / 9;
  return h;
}

// The truth with only its dwell (what an estimate that loses the faint part returns).
Image dwell_only(const Image& truth) {
  Image d = Image::Zero(kSize, kSize);
  d.block(kSize / 2 - 1, kSize / 2 + 1, 3, 3) = truth.block(kSize / 2 - 1, kSize / 2 + 1, 3, 3);
  return d / d.sum();
}

// h (any odd size) in the centre of a kSize window, cut to it and renormalised.
Image in_window(const Image& h) {
  Image w = Image::Zero(kSize, kSize);
  const Index n = std::min<Index>(h.rows(), kSize), a = (h.rows() - n) / 2, b = (kSize - n) / 2;
  w.block(b, b, n, n) = h.block(a, a, n, n);
  return w / w.sum();
}

Options fourier() {
  Options o;
  o.estimator = Estimator::Fourier;
  return o;
}

struct Problem {
  Image h, y;
};

Problem problem() {
  const Image x = testing::piecewise_constant(200, 200, 90, 21), h = dwell_and_loop();
  return {h, testing::blur(x, h, 0.003, 22)};
}

}  // namespace

TEST_CASE("the fourier estimator returns a dwell-plus-faint-loop kernel with its faint part") {
  const Problem p = problem();
  const KernelEstimate e = estimate_kernel(p.y, fourier());
  CAPTURE(e.h.rows());
  CHECK(e.h.rows() >= kSize - 2);  // the automatic window did not collapse onto the dwell
  const double error = testing::aligned_error(in_window(e.h), p.h), dwell = testing::aligned_error(dwell_only(p.h), p.h);
  CAPTURE(error);
  CAPTURE(dwell);
  MESSAGE("aligned error ", error, ", the dwell alone ", dwell);
  CHECK(error < 0.6 * dwell);
}

TEST_CASE("the fourier estimator is stable: a 0.01 % nudge of its weight gives the same kernel (NCC >= 0.98)") {
  const Problem p = problem();
  Options nudged = fourier();
  nudged.contrast_lambda *= 1.0001;
  const Image a = estimate_kernel(p.y, fourier()).h, b = estimate_kernel(p.y, nudged).h;
  REQUIRE(a.rows() == b.rows());
  const double ncc = a.cwiseProduct(b).sum() / (a.norm() * b.norm());
  CAPTURE(ncc);
  MESSAGE("NCC of the two runs' kernels ", ncc);
  CHECK(ncc >= 0.98);
}
