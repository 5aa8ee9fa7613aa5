// The gradients against independent truth: central finite differences of f, the seed's explicit
// matrix forms (∂f/∂h = Xᵀ(Xh − y), ∂f/∂x = Hᵀ(Hx − y)) and the adjoint identity, for both backends.
#include "core/objective.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

namespace deblur {
namespace {

struct Shape {
  Index m, n, k, l;
};
// Non-square, 1×1 kernel, kernel as large as the image (y is 1×1), even kernels, wide and tall
// kernels, a kernel one short of the image, a single-row image.
const Shape kShapes[] = {{9, 13, 3, 2}, {12, 20, 1, 1}, {10, 8, 10, 8},   {16, 16, 4, 6}, {23, 17, 8, 8},
                         {7, 30, 2, 9}, {31, 6, 12, 1}, {11, 11, 10, 10}, {1, 19, 1, 4},  {18, 14, 5, 5}};

std::string describe(const Shape& s) {
  return "x " + std::to_string(s.m) + "x" + std::to_string(s.n) + ", h " + std::to_string(s.k) + "x" +
         std::to_string(s.l);
}

// f is exactly quadratic along every coordinate, so the central difference is exact up to rounding
// and a large step keeps float rounding small relative to the change in f.
constexpr float kStep = 0.25f;

// Central differences of f over every entry of v; `set` puts a perturbed v into the data term.
template <typename Set>
Image central_differences(DataTerm& term, const Image& v, Set set) {
  Image fd(v.rows(), v.cols());
  for (Index e = 0; e < v.size(); ++e) {
    Image vp = v, vm = v;
    vp.data()[e] += kStep;
    vm.data()[e] -= kStep;
    set(vp);
    const double fp = term.value();
    set(vm);
    fd.data()[e] = static_cast<float>((fp - term.value()) / (2.0 * kStep));
  }
  set(v);
  return fd;
}

// A random x, h and observation-sized y (or residual) of shape s, entries uniform in [lo, hi).
struct Problem {
  Image x, h, y;
};
Problem random_problem(const Shape& s, std::mt19937& rng, float lo = 0, float hi = 1) {
  Problem p;
  p.x = test::random_image(s.m, s.n, rng, lo, hi);
  p.h = test::random_image(s.k, s.l, rng, lo, hi);
  p.y = test::random_image(s.m - s.k + 1, s.n - s.l + 1, rng, lo, hi);
  return p;
}

TEST_CASE("gradients: central finite differences on random shapes, both backends") {
  std::mt19937 rng(7);
  for (const Shape& s : kShapes)
    for (Backend backend : test::kBackends) {
      CAPTURE(describe(s));
      CAPTURE(test::name(backend));
      const auto [x, h, y] = random_problem(s, rng);
      DataTerm term(y, s.k, s.l, {backend, 1});
      term.set_image(x);
      term.set_kernel(h);
      Image gx, gh;
      term.evaluate(&gx, &gh);
      const Image fd_h = central_differences(term, h, [&](const Image& v) { term.set_kernel(v); });
      const Image fd_x = central_differences(term, x, [&](const Image& v) { term.set_image(v); });
      CHECK(test::relative_error(gh, fd_h) < 1e-4);
      CHECK(test::relative_error(gx, fd_x) < 1e-4);
    }
}

TEST_CASE("gradients: the seed's explicit sparse matrix forms, both backends") {
  std::mt19937 rng(11);
  for (const Shape& s : kShapes)
    for (Backend backend : test::kBackends) {
      CAPTURE(describe(s));
      CAPTURE(test::name(backend));
      const auto [x, h, y] = random_problem(s, rng);
      const test::Sparse X = test::image_matrix(x, s.k, s.l), H = test::kernel_matrix(h, s.m, s.n);
      const test::VectorD rx = X * test::flat(h) - test::flat(y), rh = H * test::flat(x) - test::flat(y);
      REQUIRE((rx - rh).cwiseAbs().maxCoeff() < 1e-12);  // both matrices describe the same h ⊛ x

      CHECK(test::max_relative(test::flat(valid_convolution(x, h, backend)), X * test::flat(h)) < 1e-5);
      DataTerm term(y, s.k, s.l, {backend, 1});
      term.set_image(x);
      term.set_kernel(h);
      Image gx, gh;
      const double f = term.evaluate(&gx, &gh);
      CHECK(std::abs(f - 0.5 * rx.squaredNorm()) / (0.5 * rx.squaredNorm()) < 1e-5);
      CHECK(test::max_relative(test::flat(gh), X.transpose() * rx) < 1e-5);
      CHECK(test::max_relative(test::flat(gx), H.transpose() * rh) < 1e-5);
    }
}

TEST_CASE("gradients: adjoint identity <h*x, r> = <x, r*rot180(h) full> = <h, x (corr) r>, both backends") {
  std::mt19937 rng(13);
  for (const Shape& s : kShapes)
    for (Backend backend : test::kBackends) {
      CAPTURE(describe(s));
      CAPTURE(test::name(backend));
      const auto [x, h, r] = random_problem(s, rng, -1, 1);
      const double forward = test::flat(valid_convolution(x, h, backend)).dot(test::flat(r));
      const double via_x = test::flat(x).dot(test::flat(full_correlation(r, h, backend)));
      const double via_h = test::flat(h).dot(test::flat(valid_correlation(x, r, backend)));
      // Float precision relative to Σ|terms| = <|h|*|x|, |r|> (the inner products themselves may cancel).
      const Image ax = x.cwiseAbs(), ah = h.cwiseAbs(), ar = r.cwiseAbs();
      const double scale = test::flat(valid_convolution(ax, ah, Backend::Direct)).dot(test::flat(ar));
      CHECK(std::abs(forward - via_x) / scale < 1e-6);
      CHECK(std::abs(forward - via_h) / scale < 1e-6);
    }
}

TEST_CASE("gradients: the backends agree within 1e-5 relative on larger shapes, and Automatic is one of them") {
  std::mt19937 rng(17);
  // A normalised kernel and y like h ⊛ x make f and ∂f/∂h small sums of large terms, which exposed
  // a common float offset in the FFT residual at 1024² (∂f/∂h was 1.8e-5 off before x was centred; see objective.cpp).
  for (const Shape& s : {Shape{64, 48, 15, 15}, Shape{97, 120, 31, 9}, Shape{128, 128, 2, 2}, Shape{542, 530, 31, 19},
                         Shape{1054, 1054, 31, 31}}) {
    CAPTURE(describe(s));
    const Image x = test::random_image(s.m, s.n, rng);
    Image h = test::random_image(s.k, s.l, rng);
    h /= h.sum();
    const Image y = test::random_image(s.m - s.k + 1, s.n - s.l + 1, rng);
    Image gx[2], gh[2];
    double f[2];
    for (int b = 0; b < 2; ++b) {
      DataTerm term(y, s.k, s.l, {test::kBackends[b], 2, FftPlanning::Estimate});
      term.set_image(x);
      term.set_kernel(h);
      f[b] = term.evaluate(&gx[b], &gh[b]);
    }
    CHECK(std::abs(f[1] - f[0]) / f[0] < 1e-5);
    CHECK(test::relative_error(gx[1], gx[0]) < 1e-5);
    CHECK(test::relative_error(gh[1], gh[0]) < 1e-5);
    CHECK(test::relative_error(valid_convolution(x, h, Backend::Automatic), valid_convolution(x, h, Backend::Direct)) <
          1e-5);
    const Backend chosen = DataTerm(y, s.k, s.l, {Backend::Automatic, 1, FftPlanning::Estimate}).backend();
    CHECK((chosen == Backend::Direct || chosen == Backend::Fft));
  }
}

}  // namespace
}  // namespace deblur
