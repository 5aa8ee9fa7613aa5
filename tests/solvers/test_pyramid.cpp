#include "solvers/pyramid.hpp"

#include <doctest/doctest.h>

using namespace deblur;
using namespace deblur::solvers;

TEST_CASE("resize: a linear ramp survives a 2x up-and-down round trip away from the border") {
  Image ramp(20, 30);
  for (Index i = 0; i < 20; ++i)
    for (Index j = 0; j < 30; ++j) ramp(i, j) = 0.01f * static_cast<float>(i) + 0.02f * static_cast<float>(j);
  const Image back = resize(resize(ramp, 40, 60), 20, 30);
  CHECK((back.block(2, 2, 16, 26) - ramp.block(2, 2, 16, 26)).cwiseAbs().maxCoeff() < 1e-5);
}

TEST_CASE("resize: area shrinking preserves the mean and constants") {
  Image a(12, 18);
  for (Index i = 0; i < a.size(); ++i) a.data()[i] = static_cast<float>((i * 37) % 11);
  CHECK(resize(a, 6, 9).mean() == doctest::Approx(a.mean()).epsilon(1e-5));
  CHECK((resize(Image::Constant(13, 17, 0.3f), 9, 11).array() - 0.3f).abs().maxCoeff() < 1e-6);
  CHECK_THROWS_AS(resize(a, 0, 3), InvalidInput);
}

TEST_CASE("plan_scales: odd kernels growing to the full size, images growing to full resolution") {
  const auto scales = plan_scales(300, 400, 39, 0.7071, 3);
  REQUIRE(scales.size() >= 6);
  CHECK(scales.front().kernel_size == 3);
  CHECK(scales.back().kernel_size == 39);
  CHECK(scales.back().rows == 300);
  CHECK(scales.back().cols == 400);
  for (std::size_t i = 1; i < scales.size(); ++i) {
    CHECK(scales[i].kernel_size % 2 == 1);
    CHECK(scales[i].kernel_size > scales[i - 1].kernel_size);
    CHECK(scales[i].rows > scales[i - 1].rows);
  }
  CHECK(plan_scales(50, 50, 3, 0.7071, 3).size() == 1);
}

TEST_CASE("resize_kernel: non-negative, unit sum, requested odd side") {
  Image h = Image::Zero(5, 5);
  h(2, 1) = 0.5f;
  h(2, 3) = 0.5f;
  const Image r = resize_kernel(h, 9);
  CHECK(r.rows() == 9);
  CHECK(r.minCoeff() >= 0);
  CHECK(r.sum() == doctest::Approx(1));
}
