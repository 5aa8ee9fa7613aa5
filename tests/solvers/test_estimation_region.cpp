#include "solvers/estimation_region.hpp"
#include "synthetic.hpp"

#include <doctest/doctest.h>

using namespace deblur;
using namespace deblur::solvers;

namespace doctest {
template <>
struct StringMaker<Region> {
  static String convert(const Region& r) { return r.describe().c_str(); }
};
}  // namespace doctest

namespace {

// Flat grey with a little noise, and texture in the rectangle `at`.
Image flat_with_texture(Index rows, Index cols, const Region& at) {
  Image y = testing::blur(Image::Constant(rows + 2, cols + 2, 0.5f), Image::Constant(3, 3, 1.0f / 9), 0.003, 5);
  y.block(at.row, at.col, at.rows, at.cols) = testing::piecewise_constant(at.rows, at.cols, 30, 6);
  return y;
}

Options window(int side) {
  Options o;
  o.max_estimation_side = side;
  return o;
}

}  // namespace

TEST_CASE("the automatic window moves from a flat centre onto the texture") {
  const Image y = flat_with_texture(200, 300, {10, 100, 80, 80});
  const Region r = automatic_region(y, window(80), 9);
  CHECK(r.cols == 80);
  CHECK(r.rows == 80);
  CHECK(std::abs(r.col - 10) <= 8);
  CHECK(std::abs(r.row - 100) <= 8);
  Options centre = window(80);
  centre.estimation_region = EstimationRegion::Centre;
  CHECK(automatic_region(y, centre, 9) == Region{110, 60, 80, 80});
}

TEST_CASE("on a photo with the same edges everywhere the centre stays") {
  // An 8x8 tile of random grey repeated: every 80x80 window holds the same edges.
  const Image tile = testing::piecewise_constant(8, 8, 6, 7);
  Image y(200, 300);
  for (Index i = 0; i < y.rows(); ++i)
    for (Index j = 0; j < y.cols(); ++j) y(i, j) = tile(i % 8, j % 8);
  CHECK(automatic_region(y, window(80), 9) == Region{110, 60, 80, 80});
}

TEST_CASE("edges next to clipped highlights do not attract the window") {
  // Two textured patches; the left one is strewn with clipped lights.
  Image y = flat_with_texture(200, 400, {10, 60, 80, 80});
  y.block(60, 300, 80, 80) = testing::piecewise_constant(80, 80, 30, 8);
  for (Index i = 62; i < 140; i += 9)
    for (Index j = 12; j < 90; j += 9) y.block(i, j, 3, 3).setConstant(1.0f);
  const Region r = automatic_region(y, window(80), 9);
  CHECK(r.col >= 250);
}

TEST_CASE("the window is at least 3 kernels and at most the image") {
  const Image y = testing::piecewise_constant(100, 150, 50, 9);
  const Region r = automatic_region(y, window(32), 21);
  CHECK(r.rows == 63);
  CHECK(r.cols == 63);
  CHECK(automatic_region(y, window(512), 9) == Region{0, 0, 150, 100});
}

TEST_CASE("a given region is checked: inside the image and at least 3 kernels a side") {
  const Image y = Image::Constant(100, 150, 0.5f);
  const Options o;
  CHECK(estimation_region(y, o, 9, Region{120, 70, 30, 30}) == Region{120, 70, 30, 30});
  CHECK_THROWS_AS(estimation_region(y, o, 9, Region{121, 70, 30, 30}), InvalidInput);
  CHECK_THROWS_AS(estimation_region(y, o, 9, Region{0, 71, 30, 30}), InvalidInput);
  CHECK_THROWS_AS(estimation_region(y, o, 9, Region{0, 0, 26, 30}), InvalidInput);
  CHECK_THROWS_WITH(estimation_region(y, o, 9, Region{0, 0, 30, 20}),
                    "region 30x20 at 0,0 is smaller than 3x the kernel 9x9: it needs at least 27x27");
}
