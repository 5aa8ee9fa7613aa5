#pragma once
// What the benchmarks time with: a monotonic clock, seconds since a point, and the median of runs
// (robust to the odd slow run on a shared machine).
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace deblur::bench {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

inline double median(std::vector<double> t) {
  std::nth_element(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(t.size() / 2), t.end());
  return t[t.size() / 2];
}

}  // namespace deblur::bench
