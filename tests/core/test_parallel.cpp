// The thread pool's two entry points: every chunk or task runs exactly once, loops nested in a chunk
// or task still cover their range, and a task's exception reaches the caller.
#include "core/parallel.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace deblur {
namespace {

TEST_CASE("parallel_invoke: both tasks run, each with its nested loops complete, for 1 and 2 threads") {
  for (int threads : {1, 2}) {
    CAPTURE(threads);
    std::vector<std::atomic<int>> hits(2000);
    auto task = [&](std::ptrdiff_t begin) {
      return [&, begin] {
        parallel_for(begin, begin + 1000, 2, 1, [&](std::ptrdiff_t lo, std::ptrdiff_t hi, int) {
          for (std::ptrdiff_t i = lo; i < hi; ++i) ++hits[static_cast<std::size_t>(i)];
        });
      };
    };
    parallel_invoke(threads, task(0), task(1000));
    int wrong = 0;
    for (const auto& h : hits) wrong += h.load() != 1;
    CHECK(wrong == 0);
  }
}

TEST_CASE("parallel_invoke: an exception from either task is rethrown once both have finished") {
  for (int threads : {1, 2}) {
    CAPTURE(threads);
    std::atomic<int> finished{0};
    CHECK_THROWS_WITH_AS(parallel_invoke(
                             threads, [&] { ++finished; },
                             [&] {
                               ++finished;
                               throw std::runtime_error("second");
                             }),
                         "second", std::runtime_error);
    CHECK(finished == 2);
    CHECK_THROWS_WITH_AS(parallel_invoke(
                             threads, [] { throw std::runtime_error("first"); },
                             [] { throw std::runtime_error("second"); }),
                         "first", std::runtime_error);
  }
}

}  // namespace
}  // namespace deblur
