#include "core/image_statistics.hpp"
#include "solvers/edge_selection.hpp"
#include "solvers/image_step.hpp"
#include "solvers/kernel_projection.hpp"
#include "solvers/kernel_step.hpp"
#include "synthetic.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace deblur;
using namespace deblur::solvers;

namespace {

// The x-step that ships, as the estimator's first iteration runs it on y.
ImageStepSettings shipped_image_step(const Image& y) {
  const Options o;
  return tv_image_step_settings(o, o.lambda, signal_gradient_rms(y, noise_sigma(y)));
}

}  // namespace

TEST_CASE("the x-step as it ships does not increase its objective") {
  const Image x_true = testing::piecewise_constant(60, 70, 12, 1);
  const Image h = testing::motion_kernel(7);
  const Image y = testing::blur(x_true, h, 0.01, 2);
  DataTerm data(y, 7, 7);
  data.set_kernel(h);
  ImageStepSettings s = shipped_image_step(y);
  for (double p : {0.3, 1.0}) {
    s.prior.p = p;
    Image x = initial_image(y, 7);
    double previous = image_objective(data, x, s).data_term + s.lambda * s.prior.value(x);
    data.set_kernel(h);
    for (int round = 0; round < 5; ++round) {
      const ImageStepResult r = image_step(data, x, s);
      const double f = r.data_term + s.lambda * r.prior_term;
      CHECK(f <= previous * (1 + 1e-6));
      CHECK(r.iterations > 0);
      previous = f;
    }
  }
}

TEST_CASE("the x-step's rounds are re-weightings in turn: three rounds equal three one-round steps") {
  const Image x_true = testing::piecewise_constant(40, 50, 8, 5);
  const Image h = testing::motion_kernel(5);
  const Image y = testing::blur(x_true, h, 0.01, 6);
  DataTerm data(y, 5, 5);
  data.set_kernel(h);
  ImageStepSettings s = shipped_image_step(y);
  s.prior.p = 0.8;
  s.rounds = 1;
  Image one_by_one = initial_image(y, 5), together = one_by_one;
  for (int round = 0; round < 3; ++round) image_step(data, one_by_one, s);
  s.rounds = 3;
  const ImageStepResult r = image_step(data, together, s);
  CHECK((together - one_by_one).cwiseAbs().maxCoeff() < 1e-6f);
  CHECK(r.iterations > 3 * 5);  // each round ran its own CG iterations
}

TEST_CASE("the x-step gives the same bits on one thread and on several") {
  // 400×380 pixels: the CG's vector passes and the regulariser split into chunks on 2 threads.
  const Image x_true = testing::piecewise_constant(400, 380, 30, 7);
  const Image h = testing::motion_kernel(7);
  const Image y = testing::blur(x_true, h, 0.01, 8);
  const ImageStepSettings s = shipped_image_step(y);
  Image result[2];
  for (const int threads : {1, 2}) {
    DataTerm data(y, 7, 7, {Backend::Automatic, threads});
    data.set_kernel(h);
    Image x = initial_image(y, 7);
    image_step(data, x, s);
    result[threads - 1] = x;
  }
  CHECK(result[0] == result[1]);
}

TEST_CASE("the h-step with default settings does not increase its objective and ends on the simplex") {
  const Image x_true = testing::piecewise_constant(60, 70, 12, 3);
  const Image h_true = testing::motion_kernel(9);
  const Image y = testing::blur(x_true, h_true, 0.01, 4);
  KernelStep step(y, 9, kernel_step_settings(Options{}));
  step.set_image(x_true);
  Image h = Image::Constant(9, 9, 1.0f / 81);
  double previous = step.objective(h);
  for (int round = 0; round < 5; ++round) {
    const KernelStepResult r = step.run(h);
    CHECK(r.objective_start == doctest::Approx(previous).epsilon(1e-5));
    CHECK(step.objective(r.solved) <= r.objective_start * (1 + 1e-6));  // the CG descent
    CHECK(h.minCoeff() >= 0);
    CHECK(h.sum() == doctest::Approx(1).epsilon(1e-5));
    previous = step.objective(h);
  }
}

TEST_CASE("the h-step with the true image recovers the kernel") {
  const Image x_true = testing::piecewise_constant(80, 80, 25, 5);
  const Image h_true = testing::motion_kernel(9);
  const Image y = testing::blur(x_true, h_true, 0.005, 6);
  KernelStepSettings s = kernel_step_settings(Options{});
  s.iterations = 200;
  s.tikhonov = 1e-4;
  KernelStep step(y, 9, s);
  step.set_image(x_true);
  Image h = Image::Constant(9, 9, 1.0f / 81);
  step.run(h);
  CHECK((h - h_true).norm() / h_true.norm() < 0.1);
}

TEST_CASE("the h-step's ridge is relative: scaling the image and the observation leaves h unchanged") {
  const Image x_true = testing::piecewise_constant(60, 70, 12, 7);
  const Image h_true = testing::motion_kernel(9);
  const Image y = testing::blur(x_true, h_true, 0.01, 8);
  KernelStepSettings s = kernel_step_settings(Options{});
  Image h[2];
  for (int i = 0; i < 2; ++i) {
    const float c = i == 0 ? 1.0f : 0.2f;  // a dim, low-contrast copy of the same scene
    KernelStep step(c * y, 9, s);
    const EdgeGradients edges = select_edges(c * x_true, edge_count(1, 9, x_true.rows(), x_true.cols()));
    step.set_gradients(edges.cols, edges.rows);
    h[i] = Image::Constant(9, 9, 1.0f / 81);
    for (int round = 0; round < 3; ++round) step.run(h[i]);
  }
  CHECK((h[0] - h[1]).norm() / h[0].norm() < 1e-4);
  // and the ridge matters: a much stronger one spreads the kernel towards uniform
  s.tikhonov = 100;
  KernelStep strong(y, 9, s);
  strong.set_image(x_true);
  Image hs = Image::Constant(9, 9, 1.0f / 81);
  for (int round = 0; round < 3; ++round) strong.run(hs);
  CHECK((hs - h[0]).norm() / h[0].norm() > 0.1);
}

namespace {

// G(h) from its definition: ½Σ over the differences of r = h ⊛ x − y whose two pixels are both kept,
// plus ½γE‖h‖² with E = Σ‖∂x‖² over all of x's differences.
double masked_kernel_objective(const Image& x, const Image& h, const Image& y, const Image& keep, double tikhonov) {
  const Image r = valid_convolution(x, h, Backend::Direct) - y;
  double data = 0, energy = 0;
  for (Index i = 0; i < r.rows(); ++i)
    for (Index j = 0; j < r.cols(); ++j) {
      if (j + 1 < r.cols() && keep(i, j) != 0 && keep(i, j + 1) != 0) data += 0.5 * std::pow(r(i, j + 1) - r(i, j), 2);
      if (i + 1 < r.rows() && keep(i, j) != 0 && keep(i + 1, j) != 0) data += 0.5 * std::pow(r(i + 1, j) - r(i, j), 2);
    }
  for (Index i = 0; i < x.rows(); ++i)
    for (Index j = 0; j < x.cols(); ++j) {
      if (j + 1 < x.cols()) energy += std::pow(x(i, j + 1) - x(i, j), 2);
      if (i + 1 < x.rows()) energy += std::pow(x(i + 1, j) - x(i, j), 2);
    }
  return data + 0.5 * tikhonov * energy * h.cast<double>().squaredNorm();
}

}  // namespace

TEST_CASE("the h-step with an observation mask fits only the differences whose two pixels are kept") {
  const Image x = testing::piecewise_constant(40, 46, 10, 11);
  const Image h_true = testing::motion_kernel(7);
  const Image y = testing::blur(x, h_true, 0.01, 12);
  Image keep = Image::Ones(y.rows(), y.cols());
  testing::Lcg r(13);
  for (float& v : keep.reshaped())
    if (r.next() < 0.3) v = 0;
  Image h = Image::Constant(7, 7, 1.0f / 49);
  h(3, 2) += 0.2f;
  const KernelStepSettings s = kernel_step_settings(Options{});
  KernelStep step(y, 7, s);
  step.set_observation_mask(keep);
  step.set_image(x);
  const double truth = masked_kernel_objective(x, h, y, keep, s.tikhonov);
  CHECK(step.objective(h) == doctest::Approx(truth).epsilon(1e-5));
  CHECK(truth < 0.8 * masked_kernel_objective(x, h, y, Image::Ones(y.rows(), y.cols()), s.tikhonov));
  // The mask must be y's size: for another, nothing is left out silently.
  for (const Image& wrong : {Image(Image::Ones(y.rows() + 1, y.cols())), Image(Image::Ones(y.rows(), y.cols() - 1)),
                             Image(Image::Ones(1, 1))})
    CHECK_THROWS_AS(step.set_observation_mask(wrong), InvalidInput);
}

TEST_CASE("the h-step with the true image recovers the kernel from a clipped photo when the clipped pixels are masked") {
  // A scene with lights up to 3× white, blurred, then clipped as a sensor clips: y = 1 where h ⊛ x > 0.9.
  const Image x = testing::with_lights(testing::piecewise_constant(80, 80, 25, 5), 12, 6, 3, 7);
  const Image h_true = testing::motion_kernel(9);
  const Image model = valid_convolution(x, h_true, Backend::Direct);
  const Image y = (model.array() > 0.9f).select(1.0f, testing::blur(x, h_true, 0.005, 6));
  const Image keep = (model.array() > 0.9f).select(0.0f, Image::Ones(y.rows(), y.cols()));
  REQUIRE((keep.array() == 0).count() > y.size() / 10);  // a real share of the photo is clipped
  KernelStepSettings s = kernel_step_settings(Options{});
  s.iterations = 200;
  s.tikhonov = 1e-4;
  const auto error = [&](const Image& mask) {
    KernelStep step(y, 9, s);
    step.set_observation_mask(mask);
    step.set_image(x);
    Image h = Image::Constant(9, 9, 1.0f / 81);
    step.run(h);
    return (h - h_true).norm() / h_true.norm();
  };
  const double masked = error(keep), unmasked = error(Image());
  CAPTURE(masked);
  CAPTURE(unmasked);
  MESSAGE("kernel error: masked ", masked, ", unmasked ", unmasked);
  CHECK(masked < 0.1);  // measured 0.033
  CHECK(unmasked > 0.3);  // measured 0.48: the clipped lights pull h away
}
