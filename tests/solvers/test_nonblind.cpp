// The non-blind pass against independent truth: a brute-force proximal map, a slow reference solver
// of the same objective, and synthetic photos with clipped lights.
#include "core/image_statistics.hpp"
#include "solvers/blind_deconvolution.hpp"
#include "solvers/nonblind.hpp"
#include "solvers/shrinkage.hpp"
#include "synthetic.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

using namespace deblur;
using namespace deblur::solvers;

namespace {

// F(x) of solvers/nonblind.hpp and its gradient, written out with the direct convolution loops.
struct ReferenceObjective {
  Image y, h;
  NonblindSettings s;

  double value(const Image& x, Image* gradient) const {
    const Image u = valid_convolution(x, h, Backend::Direct);
    Image r(u.rows(), u.cols());  // ∂D/∂u
    double f = 0;
    for (Index i = 0; i < u.size(); ++i) {
      const float yi = y.data()[i], ui = u.data()[i];
      const float e = (yi >= s.saturation && ui > yi) ? 0.0f : ui - yi;
      r.data()[i] = e;
      f += 0.5 * e * e;
    }
    if (gradient) *gradient = full_correlation(r, h, Backend::Direct);
    const Index m = x.rows(), n = x.cols();
    for (Index i = 0; i < m; ++i)
      for (Index j = 0; j < n; ++j) {
        const double dc = j + 1 < n ? x(i, j + 1) - x(i, j) : 0.0, dr = i + 1 < m ? x(i + 1, j) - x(i, j) : 0.0;
        if (j + 1 >= n && i + 1 >= m) continue;  // no difference inside x here
        const double t2 = dc * dc + dr * dr + s.epsilon * s.epsilon;
        f += s.lambda * std::pow(t2, s.p / 2);
        if (!gradient) continue;
        const double w = s.lambda * s.p * std::pow(t2, s.p / 2 - 1);  // ∂/∂(dc, dr) = w·(dc, dr)
        Image& g = *gradient;
        if (j + 1 < n) g(i, j + 1) += static_cast<float>(w * dc), g(i, j) -= static_cast<float>(w * dc);
        if (i + 1 < m) g(i + 1, j) += static_cast<float>(w * dr), g(i, j) -= static_cast<float>(w * dr);
      }
    return f;
  }
};

// Many iterations of Nesterov-accelerated gradient descent with a fixed step below 1/L.
Image reference_minimiser(const ReferenceObjective& f, Image x, int iterations) {
  const double lipschitz = 1 + 8 * f.s.lambda * f.s.p * std::pow(f.s.epsilon, f.s.p - 2);
  const float step = static_cast<float>(0.9 / lipschitz);
  Image previous = x, g;
  for (int it = 1; it <= iterations; ++it) {
    const Image z = x + static_cast<float>((it - 1.0) / (it + 2.0)) * (x - previous);
    f.value(z, &g);
    previous = x;
    x = z - step * g;
  }
  return x;
}

Image crop(const Image& x, Index k, const Image& like) { return x.block((k - 1) / 2, (k - 1) / 2, like.rows(), like.cols()); }

}  // namespace

TEST_CASE("the lookup table gives the proximal map of the penalty (brute-force minimum)") {
  for (double p : {0.5, 0.8, 1.0, 2.0}) {
    const double tau = 0.02, epsilon = 1e-3;
    const Shrinkage shrink(tau, p, epsilon);
    const auto phi = [&](double s, double a) { return 0.5 * (s - a) * (s - a) + tau * std::pow(s * s + epsilon * epsilon, p / 2); };
    for (double a : {0.0, 0.003, 0.01, 0.02, 0.05, 0.1, 0.37, 1.3, 3.9, 6.0}) {
      double best = 0, best_value = 1e300;
      for (int i = 0; i <= 200000; ++i) {
        const double s = a * i / 200000, v = phi(s, a);
        if (v < best_value) best_value = v, best = s;
      }
      const double ours = shrink(static_cast<float>(a));
      CAPTURE(p);
      CAPTURE(a);
      CAPTURE(best);
      CAPTURE(ours);
      // The value is what ADMM needs (at the jump of p < 1 two far-apart s are both minimisers).
      CHECK(phi(ours, a) - best_value < 1e-6);
    }
  }
}

TEST_CASE("the pass converges to the minimiser of its objective found by slow gradient descent") {
  // Convex (p = 1, smoothed) so the minimiser is unique; a third of y is clipped at 0.6, so the
  // one-sided data term is part of what is checked. 28×36 + 4 = 32×40 is a fast FFT size: the
  // periodic domain is x itself, the hardest case for the wrap-around exclusions.
  const int k = 5;
  const Image x_true = testing::piecewise_constant(32, 40, 10, 21);
  const Image h = testing::motion_kernel(k);
  Image y = testing::blur(x_true, h, 0.01, 22).cwiseMin(0.6f);
  const Options o;
  NonblindSettings s = nonblind_settings({y}, o, KernelSource::Given);
  s.lambda = 0.01;
  s.p = 1;
  s.epsilon = 0.01;
  s.saturation = 0.6;
  s.beta_data = o.final_beta_data * s.lambda;  // the penalties per unit of λ, as nonblind_settings sets them
  s.beta_prior = o.final_beta_prior * s.lambda;
  s.iterations = 3000;
  const ReferenceObjective f{y, h, s};
  const Image reference = reference_minimiser(f, Image::Constant(32, 40, 0.5f), 20000);
  const Image ours = deconvolve(std::vector<Image>{y}, h, s).front();
  const double error = (ours - crop(reference, k, y)).cwiseAbs().maxCoeff();
  CAPTURE(error);
  CHECK(error < 2e-3);
  // and the reference did converge: its objective is not above ours (embedded in the reference's x)
  Image embedded = reference;
  embedded.block((k - 1) / 2, (k - 1) / 2, y.rows(), y.cols()) = ours;
  CHECK(f.value(reference, nullptr) <= f.value(embedded, nullptr) * (1 + 1e-4));
}

TEST_CASE("clipped lights leave no rings when clipped pixels are lower bounds only") {
  // A dim textured scene with four small lights 5× brighter than white: the exposure clips them.
  const int k = 15;
  Image x = 0.15f * testing::piecewise_constant(120, 140, 20, 31);
  const Index lights[4][2] = {{30, 35}, {40, 100}, {85, 50}, {90, 110}};
  for (const auto& l : lights) x.block(l[0], l[1], 3, 3).setConstant(5.0f);
  const Image h = testing::motion_kernel(k);
  const Image y = testing::blur(x, h, 0.005, 32).cwiseMax(0.0f).cwiseMin(1.0f);
  NonblindSettings s = nonblind_settings({y}, Options{}, KernelSource::Given);
  s.iterations = 100;
  const Image with_outliers = deconvolve(std::vector<Image>{y}, h, s).front();
  s.saturation = 2;  // every pixel trusted
  const Image linear = deconvolve(std::vector<Image>{y}, h, s).front();
  // The error around the lights (within k px, excluding the lights themselves), as the output is shown: clamped to [0, 1].
  const Image truth = crop(x, k, y);
  double near_ours = 0, near_linear = 0;
  for (Index i = 0; i < y.rows(); ++i)
    for (Index j = 0; j < y.cols(); ++j) {
      bool near = false, inside = false;
      for (const auto& l : lights) {
        const Index di = i + (k - 1) / 2 - l[0] - 1, dj = j + (k - 1) / 2 - l[1] - 1;
        near |= std::abs(di) <= k && std::abs(dj) <= k;
        inside |= std::abs(di) <= 2 && std::abs(dj) <= 2;
      }
      if (!near || inside) continue;
      const float t = std::min(truth(i, j), 1.0f);
      near_ours += std::pow(std::clamp(with_outliers(i, j), 0.0f, 1.0f) - t, 2.0f);
      near_linear += std::pow(std::clamp(linear(i, j), 0.0f, 1.0f) - t, 2.0f);
    }
  CAPTURE(std::sqrt(near_ours));
  CAPTURE(std::sqrt(near_linear));
  CHECK(near_ours * 9 < near_linear);  // the RMS error near the lights falls at least threefold
}

TEST_CASE("a 1x1 kernel is no blur: the planes come back unchanged") {
  const Image y = testing::piecewise_constant(20, 30, 5, 41);
  const std::vector<Image> out = deconvolve(std::vector<Image>{y, 0.5f * y}, Image::Ones(1, 1), Options{}, KernelSource::Given);
  REQUIRE(out.size() == 2);
  CHECK(out[0] == y);
  CHECK(out[1] == 0.5f * y);
}

TEST_CASE("every colour plane is deconvolved with the same kernel and weights") {
  const Image h = testing::motion_kernel(7);
  const Image a = testing::blur(testing::piecewise_constant(50, 60, 12, 51), h, 0.01, 52);
  const Image b = testing::blur(testing::piecewise_constant(50, 60, 12, 53), h, 0.03, 54);
  // one λ for all planes, although their noise differs
  const NonblindSettings s = nonblind_settings({a, b}, Options{}, KernelSource::Given);
  const std::vector<Image> together = deconvolve(std::vector<Image>{a, b, a}, h, s);
  REQUIRE(together.size() == 3);
  CHECK(together[0] == deconvolve(std::vector<Image>{a}, h, s).front());
  CHECK(together[1] == deconvolve(std::vector<Image>{b}, h, s).front());
  CHECK(together[2] == together[0]);
}

TEST_CASE("the non-blind λ: the noise rule for a given kernel, at least final.estimated_kernel_lambda for an estimated one") {
  Options o;
  o.final_flat_gradient_rms = 0;  // these photos are flat; the next test case covers that factor
  // σ = 0 (a flat photo) counts as the floor: λ = lambda · (floor / 1 %)^exponent
  const Image flat = Image::Constant(40, 50, 0.5f);
  CHECK(nonblind_settings({flat}, o, KernelSource::Given).lambda ==
        doctest::Approx(o.final_lambda * std::pow(o.final_noise_floor / 0.01, o.final_lambda_exponent)));
  CHECK(nonblind_settings({flat}, o, KernelSource::Estimated).lambda == doctest::Approx(o.final_estimated_kernel_lambda));
  // above the floor λ follows the estimated σ
  const Image noisy = testing::blur(testing::piecewise_constant(50, 60, 12, 61), testing::motion_kernel(7), 0.02, 62);
  const double sigma = noise_sigma(noisy);
  REQUIRE(sigma > 2 * o.final_noise_floor);
  const double given = nonblind_settings({noisy}, o, KernelSource::Given).lambda;
  CHECK(given == doctest::Approx(o.final_lambda * std::pow(sigma / 0.01, o.final_lambda_exponent)));
  o.final_estimated_kernel_lambda = given / 2;  // a floor below the rule changes nothing
  CHECK(nonblind_settings({noisy}, o, KernelSource::Estimated).lambda == doctest::Approx(given));
}

TEST_CASE("the non-blind λ of a flat photo is raised by final.flat_gradient_rms over its gradient RMS, and only then") {
  Options o;
  const Image textured = testing::blur(testing::piecewise_constant(60, 70, 12, 63), testing::motion_kernel(7), 0.01, 64);
  const double sigma = noise_sigma(textured), rms = signal_gradient_rms(textured, sigma);
  const double rule = o.final_lambda * std::pow(std::max(sigma, o.final_noise_floor) / 0.01, o.final_lambda_exponent);
  o.final_flat_gradient_rms = rms / 2;  // this photo is not flat: the noise rule alone
  CHECK(nonblind_settings({textured}, o, KernelSource::Given).lambda == doctest::Approx(rule));
  o.final_flat_gradient_rms = 3 * rms;  // flat: three times the rule
  CHECK(nonblind_settings({textured}, o, KernelSource::Given).lambda == doctest::Approx(3 * rule));
  o.final_flat_gradient_rms = 0;  // off
  CHECK(nonblind_settings({textured}, o, KernelSource::Given).lambda == doctest::Approx(rule));
  // the channels' mean RMS decides: a flat and a textured plane of the same noise average out
  const Image flat = (0.1f * textured.array() + 0.45f).matrix();
  o.final_flat_gradient_rms = 2 * rms;
  const double mean_rms = (rms + signal_gradient_rms(flat, noise_sigma(flat))) / 2;
  const double mean_sigma = (sigma + noise_sigma(flat)) / 2;
  CHECK(nonblind_settings({textured, flat}, o, KernelSource::Given).lambda ==
        doctest::Approx(o.final_lambda * std::pow(std::max(mean_sigma, o.final_noise_floor) / 0.01, o.final_lambda_exponent) *
                        2 * rms / mean_rms));
}

TEST_CASE("the pass gives the same bits on every thread count") {
  // 250² with a 7 px kernel: a 256² domain, whose row loops split over two threads.
  const Image h = testing::motion_kernel(7);
  const Image y = testing::blur(testing::piecewise_constant(256, 256, 12, 55), h, 0.01, 56);
  NonblindSettings s = nonblind_settings({y}, Options{}, KernelSource::Given);
  s.threads = 1;
  const Image one = deconvolve(std::vector<Image>{y}, h, s).front();
  s.threads = 2;
  CHECK(deconvolve(std::vector<Image>{y}, h, s).front() == one);
}
