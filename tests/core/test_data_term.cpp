// DataTerm's shared work: cached spectra and residual must give exactly what a fresh evaluation
// gives, whatever the order of set_image / set_kernel / value / evaluate, for any thread count.
#include "core/objective.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

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
  const Image y = test::random_image(30, 25, rng), x = test::random_image(34, 30, rng), h = test::random_image(5, 6, rng);
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

TEST_CASE("data term: thread counts give the same result, and 0 means all cores") {
  std::mt19937 rng(29);
  // Large enough that the loops and transforms are really split.
  const Image y = test::random_image(300, 260, rng), x = test::random_image(314, 280, rng),
              h = test::random_image(15, 21, rng);
  for (Backend backend : test::kBackends) {
    CAPTURE(test::name(backend));
    const Result one = fresh(y, x, h, backend, 1);
    for (int threads : {2, 3}) {
      CAPTURE(threads);
      const Result many = fresh(y, x, h, backend, threads);
      check_same(many.f, many.gx, many.gh, one);
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
  CHECK(fast_fft_size(fft.fft_rows()) == fft.fft_rows());
}

TEST_CASE("fft sizes: the smallest 2^a 3^b 5^c 7^d at or above n, even on request") {
  auto smooth = [](Index s) {
    for (Index f : {2, 3, 5, 7})
      while (s % f == 0) s /= f;
    return s == 1;
  };
  for (Index n = 1; n < 2100; ++n) {
    CAPTURE(n);
    const Index s = fast_fft_size(n), e = fast_fft_size(n, true);
    REQUIRE((s >= n && smooth(s)));
    REQUIRE((e >= n && smooth(e) && e % 2 == 0));
    for (Index t = n; t < s; ++t) REQUIRE(!smooth(t));
    for (Index t = n; t < e; ++t) REQUIRE(!(smooth(t) && t % 2 == 0));
  }
  CHECK(fast_fft_size(1999) == 2000);
  CHECK(fast_fft_size(1025) == 1029);
}

}  // namespace
}  // namespace deblur
