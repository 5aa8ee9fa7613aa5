// The closed-form estimator (run.estimator = "fourier") on shake as cameras record it: a bright dwell
// where the hand rested and a faint loop where it moved.
#include "solvers/blind_deconvolution.hpp"
#include "synthetic.hpp"

#include <doctest/doctest.h>

using namespace deblur;
using namespace deblur::solvers;

namespace {

Options fourier() {
  Options o;
  o.estimator = Estimator::Fourier;
  return o;
}

}  // namespace

TEST_CASE("the fourier estimator returns a dwell-plus-faint-loop kernel with its faint part") {
  const testing::ShakenPhoto p = testing::dwell_and_loop_photo();
  const KernelEstimate e = estimate_kernel(p.y, fourier());
  CAPTURE(e.h.rows());
  CHECK(e.h.rows() >= testing::kDwellLoopSize - 2);  // the automatic window did not collapse onto the dwell
  const double error = testing::aligned_error(testing::in_dwell_loop_window(e.h), p.h),
               dwell = testing::aligned_error(testing::dwell_only(p.h), p.h);
  CAPTURE(error);
  CAPTURE(dwell);
  MESSAGE("aligned error ", error, ", the dwell alone ", dwell);
  CHECK(error < 0.6 * dwell);
}

TEST_CASE("the fourier estimator is stable: a 0.01 % nudge of its weight gives the same kernel (NCC >= 0.98)") {
  const testing::ShakenPhoto p = testing::dwell_and_loop_photo();
  Options nudged = fourier();
  nudged.contrast_lambda *= 1.0001;
  const Image a = estimate_kernel(p.y, fourier()).h, b = estimate_kernel(p.y, nudged).h;
  REQUIRE(a.rows() == b.rows());
  const double ncc = testing::kernel_ncc(a, b);
  CAPTURE(ncc);
  MESSAGE("NCC of the two runs' kernels ", ncc);
  CHECK(ncc >= 0.98);
}
