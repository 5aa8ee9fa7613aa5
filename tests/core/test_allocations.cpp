// The solver's inner loop must not allocate: after the first evaluation, set_image / set_kernel /
// value / evaluate on one thread do no heap allocation (counted by replacing global operator new).
#include "core/objective.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> allocations{0};
}

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace deblur {
namespace {

TEST_CASE("allocations: the h-step and x-step loops allocate nothing after the first evaluation (1 thread)") {
  std::mt19937 rng(37);
  const Index m = 48, n = 41, k = 9, l = 6;
  const Image y = test::random_image(m - k + 1, n - l + 1, rng);
  const Image x1 = test::random_image(m, n, rng), x2 = test::random_image(m, n, rng);
  const Image h1 = test::random_image(k, l, rng), h2 = test::random_image(k, l, rng);
  for (Backend backend : test::kBackends) {
    CAPTURE(test::name(backend));
    DataTerm term(y, k, l, {backend, 1});
    Image gx, gh;
    term.set_image(x1);
    term.set_kernel(h1);
    term.evaluate(&gx, &gh);
    const long before = allocations.load();
    for (int it = 0; it < 3; ++it) {
      term.set_kernel(it % 2 ? h1 : h2);  // h-step
      term.value();
      term.evaluate(nullptr, &gh);
      term.set_image(it % 2 ? x1 : x2);  // x-step
      term.value();
      term.evaluate(&gx, nullptr);
      term.evaluate(&gx, &gh);
    }
    CHECK(allocations.load() - before == 0);
  }
}

}  // namespace
}  // namespace deblur
