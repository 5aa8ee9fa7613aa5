#include "solvers/blind_deconvolution.hpp"
#include "solvers/kernel_projection.hpp"
#include "synthetic.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace deblur;
using namespace deblur::solvers;

namespace {

// Relative error of h against the truth after the best integer shift (the blind problem fixes the
// kernel only up to a translation).
double aligned_error(const Image& h, const Image& truth) {
  double best = 1e9;
  for (Index dr = -2; dr <= 2; ++dr)
    for (Index dc = -2; dc <= 2; ++dc) best = std::min(best, static_cast<double>((shift_kernel(h, {dr, dc}) - truth).norm()));
  return best / truth.norm();
}

struct Problem {
  Image x, h, y;
};

Problem synthetic() {
  Problem p;
  p.x = testing::piecewise_constant(128, 128, 60, 11);
  p.h = testing::motion_kernel(9);
  p.y = testing::blur(p.x, p.h, 0.005, 12);
  return p;
}

}  // namespace

TEST_CASE("estimate_kernel recovers a known kernel on a piecewise-constant image") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 9;
  SUBCASE("L0 prior") { o.image_prior = "l0"; }
  SUBCASE("total-variation prior") { o.image_prior = "tv"; }
  CAPTURE(o.image_prior);
  const KernelEstimate e = estimate_kernel(p.y, o);
  REQUIRE(e.h.rows() == 9);
  CHECK(e.h.minCoeff() >= 0);
  CHECK(e.h.sum() == doctest::Approx(1).epsilon(1e-5));
  const Image delta = [] {
    Image d = Image::Zero(9, 9);
    d(4, 4) = 1;
    return d;
  }();
  const double error = aligned_error(e.h, p.h);
  CAPTURE(error);
  CHECK(error < 0.5);
  CHECK(error < aligned_error(delta, p.h) / 2);
  CHECK(!e.summary.scales.empty());
  CHECK(e.summary.full_report().find("scale") != std::string::npos);
}

TEST_CASE("the non-blind pass with the true kernel is closer to the sharp image than the blurred input") {
  const Problem p = synthetic();
  const Image out = deconvolve({p.y}, p.h, Options{}).front();
  REQUIRE(out.rows() == p.y.rows());
  REQUIRE(out.cols() == p.y.cols());
  const Image centre = p.x.block(4, 4, p.y.rows(), p.y.cols());
  CHECK((out - centre).norm() < 0.6 * (p.y - centre).norm());
}

TEST_CASE("same input and options give the same bits") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 9;
  o.threads = 1;
  const KernelEstimate a = estimate_kernel(p.y, o), b = estimate_kernel(p.y, o);
  CHECK(a.h == b.h);
  CHECK(deconvolve({p.y}, a.h, o) == deconvolve({p.y}, b.h, o));
}

TEST_CASE("the callback sees every iteration and can stop the solve") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 9;
  int calls = 0;
  const KernelEstimate e = estimate_kernel(p.y, o, [&](const IterationInfo& info) {
    ++calls;
    CHECK(info.h.sum() == doctest::Approx(1).epsilon(1e-5));
    return calls == 3 ? CallbackResult::Stop : CallbackResult::Continue;
  });
  CHECK(calls == 3);
  CHECK(e.summary.stopped_by_callback);
  CHECK(e.h.rows() == 9);
}

TEST_CASE("bad input is rejected with InvalidInput") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 201;
  CHECK_THROWS_AS(estimate_kernel(p.y, o), InvalidInput);
  o.kernel_size = 8;
  CHECK_THROWS_AS(estimate_kernel(p.y, o), InvalidInput);
  Image nan = p.y;
  nan(3, 3) = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_AS(estimate_kernel(nan, Options{}), InvalidInput);
  CHECK_THROWS_AS(deconvolve({p.y}, Image::Ones(4, 4) / 16, Options{}), InvalidInput);
}
