#include "solvers/kernel_projection.hpp"
#include "synthetic.hpp"

#include <doctest/doctest.h>

using namespace deblur;
using namespace deblur::solvers;

TEST_CASE("project_to_simplex: h >= 0, sum 1, and no feasible point is nearer") {
  testing::Lcg r(7);
  for (int trial = 0; trial < 20; ++trial) {
    Image v(5, 5);
    for (Index i = 0; i < v.size(); ++i) v.data()[i] = static_cast<float>(2 * r.next() - 0.7);
    const Image p = project_to_simplex(v);
    CHECK(p.minCoeff() >= 0);
    CHECK(p.sum() == doctest::Approx(1).epsilon(1e-5));
    for (int other = 0; other < 20; ++other) {
      Image z(5, 5);
      for (Index i = 0; i < z.size(); ++i) z.data()[i] = static_cast<float>(r.next());
      z /= z.sum();
      CHECK((p - v).norm() <= (z - v).norm() + 1e-5);
    }
  }
  const Image on = testing::motion_kernel(7);
  CHECK((project_to_simplex(on) - on).cwiseAbs().maxCoeff() < 1e-6);
}

// A kernel saved by deblur and read back goes through normalised_kernel again: it must come back as the
// same floats, or --kernel with a saved estimate would not repeat the run that saved it.
TEST_CASE("normalised_kernel: sum 1, and normalising again changes no float") {
  testing::Lcg r(11);
  for (int trial = 0; trial < 200; ++trial) {
    Image h(15, 15);
    for (Index i = 0; i < h.size(); ++i) h.data()[i] = r.next() < 0.7 ? 0.0f : static_cast<float>(r.next() * 3);
    h(7, 7) = 1;
    const Image once = normalised_kernel(h);
    CHECK(once.cast<double>().sum() == doctest::Approx(1).epsilon(1e-7));
    CHECK((normalised_kernel(once).array() == once.array()).all());
  }
  // [1 3 5]/9 in floats sums to 1 + 3.7e-8 (in double): dividing by that sum again moves an entry by an
  // ulp, which the random kernels above, with many entries whose rounding errors cancel, rarely show.
  Image h = Image::Zero(3, 3);
  h(1, 0) = 1;
  h(1, 1) = 3;
  h(1, 2) = 5;
  const Image once = normalised_kernel(h);
  CHECK(std::abs(once.cast<double>().sum() - 1) > 1e-8);
  CHECK((normalised_kernel(once).array() == once.array()).all());
}

TEST_CASE("threshold_kernel zeroes faint entries and renormalises") {
  Image h = Image::Zero(3, 3);
  h(1, 1) = 0.9f;
  h(0, 0) = 0.02f;
  h(1, 2) = 0.08f;
  threshold_kernel(h, 0.05);
  CHECK(h(0, 0) == 0);
  CHECK(h(1, 2) > 0);
  CHECK(h.sum() == doctest::Approx(1));
}

// The cut is fraction·w̄, w̄ = Σh²/Σh: on an even path w̄ is near the maximum, under a dwell well below it.
TEST_CASE("threshold_kernel_below_mean: haze goes from an even path, a faint path beyond a dwell stays") {
  // Five entries of 1 and two of 0.3: w̄ = 5.18/5.6 = 0.925, cut 0.305 (0.305 of the maximum).
  Image path(3, 3);
  path << 1, 1, 1, 1, 1, 0.3f, 0.3f, 0, 0;
  threshold_kernel_below_mean(path, 0.33);
  CHECK(path(1, 2) == 0);
  CHECK(path(2, 0) == 0);
  CHECK(path(0, 0) == doctest::Approx(0.2));
  // A dwell (4, 2, 2) and five entries of 1: w̄ = 29/13 = 2.23, cut 0.736 (0.18 of the maximum).
  Image dwell(3, 3);
  dwell << 4, 2, 2, 1, 1, 1, 1, 1, 0;
  threshold_kernel_below_mean(dwell, 0.33);
  CHECK((dwell.array() > 0).count() == 8);
  CHECK(dwell(0, 0) == doctest::Approx(4.0 / 13));
  // Just above w̄·fraction an entry stays, just below it goes.
  Image edge(1, 3);
  edge << 1, 1, 0.5f;  // w̄ = 2.25/2.5 = 0.9
  Image keep = edge, drop = edge;
  threshold_kernel_below_mean(keep, 0.55);  // cut 0.495
  threshold_kernel_below_mean(drop, 0.56);  // cut 0.504
  CHECK(keep(0, 2) > 0);
  CHECK(drop(0, 2) == 0);
}

TEST_CASE("centring: the shift brings the centre of mass to the middle, and support measures the extent") {
  Image h = Image::Zero(9, 9);
  h(1, 6) = 0.5f;
  h(2, 7) = 0.5f;
  const Shift s = centring_shift(h);
  CHECK(s.rows == 3);   // centroid row 1.5 -> 4 (rounded)
  CHECK(s.cols == -3);  // centroid col 6.5 -> 4 (rounded)
  const Image c = shift_kernel(h, s);
  CHECK(c.sum() == doctest::Approx(1));
  CHECK(c(4, 3) == 0.5f);
  CHECK(kernel_support(c) == 3);
  CHECK(kernel_support(h) == 7);
  CHECK(crop_kernel(c, 3).sum() == doctest::Approx(1));
}

TEST_CASE("remove_small_components drops isolated specks and keeps the main stroke") {
  Image h = Image::Zero(9, 9);
  for (int j = 2; j < 7; ++j) h(4, j) = 0.19f;  // a stroke holding 95%
  h(0, 0) = 0.05f;                              // a speck holding 5%
  remove_small_components(h, 0.1);
  CHECK(h(0, 0) == 0);
  CHECK(h(4, 4) == doctest::Approx(0.2));
  CHECK(h.sum() == doctest::Approx(1));
}

TEST_CASE("kernel_mass_support: the centred square holding the requested mass") {
  Image h = Image::Zero(9, 9);
  h(4, 4) = 0.5f;  // centre
  h(3, 5) = 0.3f;  // radius 1
  h(0, 4) = 0.2f;  // radius 4: a faint speck far out
  CHECK(kernel_mass_support(h, 0.4) == 1);
  CHECK(kernel_mass_support(h, 0.8) == 3);
  CHECK(kernel_mass_support(h, 0.9) == 9);
  CHECK(kernel_mass_support(h, 1.0) == 9);
}
