// The solver's inner loop must not allocate: after the first evaluation, set_image / set_kernel /
// value / evaluate on one thread do no heap allocation. Counted twice over: global operator new is
// replaced, and malloc is wrapped (the link option --wrap=malloc in CMakeLists.txt) because Eigen
// allocates matrices with malloc.
#include "core/objective.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> allocations{0};
}

extern "C" void* __real_malloc(std::size_t size);
extern "C" void* __wrap_malloc(std::size_t size) {
  ++allocations;
  return __real_malloc(size);
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

// The h-step and x-step loops of a solver, after one evaluation to size every buffer.
long allocations_in_solver_loops(Index p, Index q, Index k, Index l, Backend backend, int threads) {
  std::mt19937 rng(37);
  const Image y = test::random_image(p, q, rng);
  const Image x1 = test::random_image(p + k - 1, q + l - 1, rng), x2 = test::random_image(p + k - 1, q + l - 1, rng);
  const Image h1 = test::random_image(k, l, rng), h2 = test::random_image(k, l, rng);
  DataTerm term(y, k, l, {backend, threads, FftPlanning::Estimate});
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
  return allocations.load() - before;
}

TEST_CASE("allocations: the h-step and x-step loops allocate nothing after the first evaluation") {
  for (Backend backend : test::kBackends) {
    CAPTURE(test::name(backend));
    CHECK(allocations_in_solver_loops(40, 36, 9, 6, backend, 1) == 0);
    // Large enough that every loop is split over the two threads.
    CHECK(allocations_in_solver_loops(520, 520, 9, 6, backend, 2) == 0);
  }
}

}  // namespace
}  // namespace deblur
