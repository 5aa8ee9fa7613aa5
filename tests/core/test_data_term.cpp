// DataTerm's shared work: cached spectra and residual must give exactly what a fresh evaluation
// gives, whatever the order of set_image / set_kernel / value / evaluate / gradients, for any thread
// count.
#include "core/objective.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <thread>
#include <tuple>
#include <vector>

namespace deblur {
namespace {

struct Result {
  double f;
  Image gx, gh;
};

Result fresh(const Image& y, const Image& x, const Image& h, Backend backend, int threads = 1) {
  DataTerm term(y, h.rows(), h.cols(), {backend, threads});
  term.set_image(x);
  term.set_kernel(h);
  Result r;
  r.f = term.evaluate(&r.gx, &r.gh);
  return r;
}

bool same_bits(const Image& a, const Image& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

void check_same(double f, const Image& gx, const Image& gh, const Result& ref) {
  CHECK(std::abs(f - ref.f) <= 1e-6 * ref.f);
  CHECK(test::relative_error(gx, ref.gx) < 1e-6);
  CHECK(test::relative_error(gh, ref.gh) < 1e-6);
}

TEST_CASE("data term: h-step (x fixed, h varies) and x-step (h fixed, x varies) match fresh evaluations") {
  std::mt19937 rng(19);
  const Index m = 40, n = 33, k = 7, l = 6;
  const Image y = test::random_image(m - k + 1, n - l + 1, rng);
  for (Backend backend : test::kBackends) {
    CAPTURE(test::name(backend));
    DataTerm term(y, k, l, {backend, 1});
    const Image x0 = test::random_image(m, n, rng);
    term.set_image(x0);
    Image gx, gh;
    for (int it = 0; it < 3; ++it) {
      const Image h = test::random_image(k, l, rng);
      term.set_kernel(h);
      const double f = term.evaluate(&gx, &gh);
      check_same(f, gx, gh, fresh(y, x0, h, backend));
    }
    const Image h0 = test::random_image(k, l, rng);
    term.set_kernel(h0);
    for (int it = 0; it < 3; ++it) {
      const Image x = test::random_image(m, n, rng, -1, 2);
      term.set_image(x);
      const double f = term.evaluate(&gx, &gh);
      check_same(f, gx, gh, fresh(y, x, h0, backend));
    }
  }
}

TEST_CASE("data term: value() then evaluate(), single gradients, and gradient buffers reused") {
  std::mt19937 rng(23);
  const Image y = test::random_image(30, 25, rng), x = test::random_image(34, 30, rng),
              h = test::random_image(5, 6, rng);
  for (Backend backend : test::kBackends) {
    CAPTURE(test::name(backend));
    const Result ref = fresh(y, x, h, backend);
    DataTerm term(y, 5, 6, {backend, 1});
    term.set_kernel(h);
    term.set_image(x);
    CHECK(term.value() == ref.f);
    Image gx, gh;
    CHECK(term.evaluate(nullptr, &gh) == ref.f);
    CHECK(term.evaluate(&gx, nullptr) == ref.f);
    check_same(ref.f, gx, gh, ref);
    const float* gx_data = gx.data();
    const float* gh_data = gh.data();
    term.set_image(x);
    term.evaluate(&gx, &gh);
    CHECK(gx.data() == gx_data);  // same shape: no reallocation
    CHECK(gh.data() == gh_data);
    check_same(ref.f, gx, gh, ref);
    // Again at the same point, then one gradient alone: the spectra consumed by the first call are rebuilt.
    CHECK(term.evaluate(&gx, &gh) == ref.f);
    check_same(ref.f, gx, gh, ref);
    gh.setZero();
    term.evaluate(nullptr, &gh);
    check_same(ref.f, gx, gh, ref);
  }
}

TEST_CASE("data term: gradients() gives evaluate()'s gradients, and f asked for afterwards is the same number") {
  std::mt19937 rng(27);
  const Image y = test::random_image(300, 270, rng), x = test::random_image(314, 290, rng),
              h = test::random_image(15, 21, rng);
  for (Backend backend : test::kBackends)
    for (int threads : {1, 2}) {
      CAPTURE(test::name(backend));
      CAPTURE(threads);
      const Result ref = fresh(y, x, h, backend, threads);
      DataTerm term(y, 15, 21, {backend, threads});
      term.set_kernel(h);
      term.set_image(x);
      Image gx, gh;
      term.gradients(&gx, nullptr);
      CHECK(same_bits(gx, ref.gx));
      CHECK(term.value() == ref.f);
      term.set_image(x);
      term.gradients(nullptr, &gh);
      CHECK(same_bits(gh, ref.gh));
      term.set_kernel(h);
      term.gradients(&gx, &gh);
      CHECK(same_bits(gx, ref.gx));
      CHECK(same_bits(gh, ref.gh));
      CHECK(term.evaluate(nullptr, nullptr) == ref.f);
    }
}

TEST_CASE("data term: at x = 0 or h = 0 the residual is -y: f = ½Σy², gradients -Hᵀy and -Xᵀy") {
  std::mt19937 rng(37);
  const Image y = test::random_image(60, 50, rng), x = test::random_image(66, 58, rng),
              h = test::random_image(7, 9, rng);
  double half_y2 = 0;
  for (Index i = 0; i < y.size(); ++i) half_y2 += static_cast<double>(y.data()[i]) * y.data()[i];
  half_y2 *= 0.5;
  const Image minus_y = -y;
  for (Backend backend : test::kBackends) {
    CAPTURE(test::name(backend));
    DataTerm term(y, 7, 9, {backend, 1});
    Image gx, gh;
    for (int twice = 0; twice < 2; ++twice) {  // the second time from the kept spectrum of -y
      term.set_kernel(h);
      term.set_image(Image::Zero(66, 58));
      CHECK(term.evaluate(&gx, nullptr) == half_y2);
      CHECK(test::relative_error(gx, full_correlation(minus_y, h)) < 1e-5);
      term.set_image(x);
      term.set_kernel(Image::Zero(7, 9));
      CHECK(term.evaluate(nullptr, &gh) == half_y2);
      CHECK(test::relative_error(gh, valid_correlation(x, minus_y)) < 1e-5);
    }
    term.set_kernel(h);  // and away from zero again
    const Result ref = fresh(y, x, h, backend);
    CHECK(term.evaluate(&gx, &gh) == ref.f);
    CHECK(same_bits(gx, ref.gx));
    CHECK(same_bits(gh, ref.gh));
  }
}

// ½Σ over the kept pixels of (h ⊛ x − y)², from the model's definition, in double: the truth for the mask.
double masked_objective(const Image& x, const Image& h, const Image& y, const Image& keep) {
  const Index k = h.rows(), l = h.cols();
  double f = 0;
  for (Index i = 0; i < y.rows(); ++i)
    for (Index j = 0; j < y.cols(); ++j) {
      if (keep(i, j) == 0) continue;
      double model = 0;
      for (Index a = 0; a < k; ++a)
        for (Index b = 0; b < l; ++b) model += static_cast<double>(h(a, b)) * x(i + k - 1 - a, j + l - 1 - b);
      const double r = model - y(i, j);
      f += 0.5 * r * r;
    }
  return f;
}

// Central differences of f over every entry of v: exact up to rounding, since f is quadratic in each entry.
template <class F>
Image central_differences(const Image& v, F f) {
  constexpr float step = 0.25f;
  Image d(v.rows(), v.cols());
  for (Index e = 0; e < v.size(); ++e) {
    Image plus = v, minus = v;
    plus.data()[e] += step;
    minus.data()[e] -= step;
    d.data()[e] = static_cast<float>((f(plus) - f(minus)) / (2.0 * step));
  }
  return d;
}

// A mask keeping about `share` of p×q; kept entries are arbitrary non-zero values (non-zero means kept,
// the value is no weight).
Image random_mask(Index p, Index q, double share, std::mt19937& rng) {
  const Image u = test::random_image(p, q, rng), v = test::random_image(p, q, rng, 0.5f, 2.0f);
  return (u.array() < static_cast<float>(share)).select(v, Image::Zero(p, q));
}

TEST_CASE("data term with an observation mask: f is ½Σ over the kept pixels, gradients match its differences, both backends") {
  std::mt19937 rng(47);
  const Index m = 17, n = 14, k = 5, l = 4, p = m - k + 1, q = n - l + 1;
  const Image x = test::random_image(m, n, rng), h = test::random_image(k, l, rng), y = test::random_image(p, q, rng);
  const Image keep = random_mask(p, q, 0.6, rng), other = random_mask(p, q, 0.4, rng), zero_h = Image::Zero(k, l);
  const double truth = masked_objective(x, h, y, keep);
  REQUIRE(truth < 0.8 * masked_objective(x, h, y, Image::Ones(p, q)));  // the mask leaves out a real share
  const Image truth_x = central_differences(x, [&](const Image& v) { return masked_objective(v, h, y, keep); });
  const Image truth_h = central_differences(h, [&](const Image& v) { return masked_objective(x, v, y, keep); });
  for (Backend backend : test::kBackends) {
    CAPTURE(test::name(backend));
    DataTerm term(y, k, l, {backend, 1});
    term.set_image(x);
    term.set_kernel(h);
    term.value();  // unmasked first: the mask must replace the residual kept from this
    term.set_observation_mask(keep);
    Image gx, gh;
    CHECK(std::abs(term.evaluate(&gx, &gh) - truth) <= 1e-5 * truth);
    CHECK(test::relative_error(gx, truth_x) < 1e-4);
    CHECK(test::relative_error(gh, truth_h) < 1e-4);
    term.set_kernel(h);
    term.gradients(&gx, nullptr);  // the path without sums
    CHECK(test::relative_error(gx, truth_x) < 1e-4);

    // At h = 0 the FFT backend keeps the spectrum of −y: a new mask must not reuse the old one's.
    term.set_kernel(zero_h);
    for (const Image* mask : {&keep, &other}) {
      term.set_observation_mask(*mask);
      const double f0 = masked_objective(x, zero_h, y, *mask);
      CHECK(std::abs(term.evaluate(nullptr, &gh) - f0) <= 1e-5 * f0);
      CHECK(test::relative_error(gh, central_differences(zero_h, [&](const Image& v) { return masked_objective(x, v, y, *mask); })) < 1e-4);
    }
  }
}

TEST_CASE("data term: an empty or all-kept mask gives the unmasked numbers to the bit, and a mask of another shape throws") {
  std::mt19937 rng(53);
  const Index k = 6, l = 7;
  const Image y = test::random_image(40, 36, rng), x = test::random_image(45, 42, rng), h = test::random_image(k, l, rng);
  for (Backend backend : test::kBackends) {
    CAPTURE(test::name(backend));
    const Result ref = fresh(y, x, h, backend);
    DataTerm term(y, k, l, {backend, 1});
    term.set_image(x);
    term.set_kernel(h);
    const Image some = random_mask(40, 36, 0.5, rng);
    for (const Image& mask : {Image(), Image(Image::Ones(40, 36)), some, Image()}) {
      term.set_observation_mask(mask);
      Image gx, gh;
      const double f = term.evaluate(&gx, &gh);
      if (mask.size() != 0 && mask.minCoeff() == 0) {
        CHECK(f < 0.9 * ref.f);  // the masked numbers in between differ
        continue;
      }
      CHECK(f == ref.f);
      CHECK(same_bits(gx, ref.gx));
      CHECK(same_bits(gh, ref.gh));
    }
    term.set_observation_mask(some);
    const double masked = term.value();
    for (const Image& wrong : {Image(Image::Ones(41, 36)), Image(Image::Ones(40, 35)), Image(Image::Ones(36, 40)),
                               Image(Image::Ones(1, 1))})
      CHECK_THROWS_WITH_AS(term.set_observation_mask(wrong), doctest::Contains("does not match the observation 40x36"),
                           InvalidInput);
    CHECK(term.value() == masked);  // a refused mask leaves the one before
  }
}

TEST_CASE("data term: thread counts give the same result to the bit, and 0 means all cores") {
  std::mt19937 rng(29);
  // Large enough that every loop is really split (chunks of ≥ 2^16 pixels) and so are the transforms.
  const Image y = test::random_image(600, 520, rng), x = test::random_image(614, 540, rng),
              h = test::random_image(15, 21, rng);
  for (Backend backend : test::kBackends) {
    CAPTURE(test::name(backend));
    const Result one = fresh(y, x, h, backend, 1);
    for (int threads : {2, 3}) {
      CAPTURE(threads);
      const Result many = fresh(y, x, h, backend, threads);
      CHECK(many.f == one.f);
      CHECK(same_bits(many.gx, one.gx));
      CHECK(same_bits(many.gh, one.gh));
    }
    CHECK(DataTerm(y, 15, 21, {backend, 0}).threads() >= 1);
  }
}

TEST_CASE("data term: Automatic picks direct for tiny kernels and FFT for large ones") {
  std::mt19937 rng(31);
  CHECK(DataTerm(test::random_image(500, 500, rng), 2, 2).backend() == Backend::Direct);
  CHECK(DataTerm(test::random_image(500, 500, rng), 31, 31).backend() == Backend::Fft);
  const DataTerm fft(test::random_image(500, 500, rng), 31, 31, {Backend::Fft, 1});
  CHECK(fft.fft_rows() >= 530);
  CHECK(padded_fft_size(fft.fft_rows()) == fft.fft_rows());
}

TEST_CASE("fft sizes: the smallest 2^a 3^b 5^c 7^d at or above n, a multiple of 1, 2 or 4 on request") {
  auto smooth = [](Index s) {
    for (Index f : {2, 3, 5, 7})
      while (s % f == 0) s /= f;
    return s == 1;
  };
  for (Index n = 1; n < 2100; ++n)
    for (Index multiple : {1, 2, 4}) {
      CAPTURE(n);
      CAPTURE(multiple);
      const Index s = fast_fft_size(n, multiple);
      REQUIRE((s >= n && smooth(s) && s % multiple == 0));
      for (Index t = n; t < s; ++t) REQUIRE(!(smooth(t) && t % multiple == 0));
    }
  CHECK(fast_fft_size(1999) == 2000);
  CHECK(fast_fft_size(1025) == 1029);
  CHECK(padded_fft_size(1025) == 1080);
}

}  // namespace
}  // namespace deblur

namespace deblur {
namespace {

TEST_CASE("fft plans: made once per shape, thread count and effort, then reused") {
  const FftPlans& a = FftPlans::get(40, 36, 1, FftPlanning::Estimate);
  CHECK(&FftPlans::get(40, 36, 1, FftPlanning::Estimate) == &a);
  CHECK(&FftPlans::get(40, 36, 2, FftPlanning::Estimate) != &a);
  CHECK(&FftPlans::get(36, 40, 1, FftPlanning::Estimate) != &a);
  // Automatic resolves to Estimate below kMeasurePlanningPixels, so it shares that entry.
  CHECK(&FftPlans::get(40, 36, 1, FftPlanning::Automatic) == &a);
  const PrunedFftPlans& b = PrunedFftPlans::get(40, 36, 5, 1, FftPlanning::Estimate);
  CHECK(&PrunedFftPlans::get(40, 36, 5, 1, FftPlanning::Automatic) == &b);
  CHECK(&PrunedFftPlans::get(40, 36, 6, 1, FftPlanning::Estimate) != &b);
}

TEST_CASE("fft plans: the pruned transforms equal the full ones on the used rows") {
  std::mt19937 rng(43);
  for (const auto& [P, Q, k] : {std::tuple<Index, Index, Index>{24, 20, 5}, {36, 28, 1}, {16, 12, 16}}) {
    CAPTURE(P);
    CAPTURE(k);
    const FftPlans& full = FftPlans::get(P, Q, 1, FftPlanning::Estimate);
    const PrunedFftPlans& pruned = PrunedFftPlans::get(P, Q, k, 1, FftPlanning::Estimate);
    FftBuffer real = fft_alloc(full.real_size()), a = fft_alloc(full.spectrum_floats()),
              b = fft_alloc(full.spectrum_floats());
    const Image data = test::random_image(P, Q, rng, -1, 1);
    std::fill(real.get(), real.get() + full.real_size(), 0.0f);
    std::copy(data.data(), data.data() + k * Q, real.get());  // rows ≥ k stay zero
    full.forward(real.get(), a.get());
    std::fill(b.get(), b.get() + full.spectrum_floats(), 123.0f);  // stale data must not leak in
    pruned.forward(real.get(), b.get());
    const Eigen::Map<const Eigen::VectorXf> sa(a.get(), static_cast<Index>(full.spectrum_floats())),
        sb(b.get(), static_cast<Index>(full.spectrum_floats()));
    CHECK((sa - sb).cwiseAbs().maxCoeff() <= 1e-5f * sa.cwiseAbs().maxCoeff());
    // Inverse of an arbitrary Hermitian spectrum (that of the full data): the first k rows agree.
    Image whole(P, Q), first(P, Q);
    full.forward(data.data(), a.get());
    std::copy(a.get(), a.get() + full.spectrum_floats(), b.get());
    full.inverse(a.get(), whole.data());
    pruned.inverse(b.get(), first.data());
    CHECK(test::relative_error(first.topRows(k), whole.topRows(k)) < 1e-5);
  }
}

TEST_CASE("data term: separate DataTerms evaluate concurrently on separate threads, planning included") {
  std::mt19937 rng(41);
  const Image y = test::random_image(70, 66, rng), x = test::random_image(78, 71, rng),
              h = test::random_image(9, 6, rng);
  for (Backend backend : test::kBackends) {
    CAPTURE(test::name(backend));
    const Result ref = fresh(y, x, h, backend);
    Result got[4];
    std::vector<std::thread> pool;
    // Odd sizes per thread force concurrent plan creation for new shapes as well.
    for (int t = 0; t < 4; ++t)
      pool.emplace_back([&, t] {
        const Image yt = y.topLeftCorner(70 - t, 66), xt = x.topLeftCorner(78 - t, 71);
        got[t] = fresh(yt, xt, h, backend);
      });
    for (auto& th : pool) th.join();
    check_same(got[0].f, got[0].gx, got[0].gh, ref);
    for (int t = 1; t < 4; ++t) {
      CAPTURE(t);
      const Result serial = fresh(y.topLeftCorner(70 - t, 66), x.topLeftCorner(78 - t, 71), h, backend);
      check_same(got[t].f, got[t].gx, got[t].gh, serial);
    }
  }
}

}  // namespace
}  // namespace deblur
