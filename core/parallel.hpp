#pragma once
// Splits a loop over [begin, end) into contiguous chunks run on `threads` threads (the caller's
// thread takes the first chunk). Threads are started per call, so callers use it only for loops of
// at least ~100 µs; below `min_chunk` iterations per thread the loop runs serially.
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace deblur {

template <class Body>  // body(lo, hi, chunk_index)
void parallel_for(std::ptrdiff_t begin, std::ptrdiff_t end, int threads, std::ptrdiff_t min_chunk, Body&& body) {
  const std::ptrdiff_t n = end - begin;
  const int chunks = static_cast<int>(std::clamp<std::ptrdiff_t>(n / std::max<std::ptrdiff_t>(min_chunk, 1), 1,
                                                                 std::max(threads, 1)));
  if (chunks == 1) {
    body(begin, end, 0);
    return;
  }
  auto bound = [&](int c) { return begin + n * c / chunks; };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(chunks - 1));
  for (int c = 1; c < chunks; ++c) pool.emplace_back([&, c] { body(bound(c), bound(c + 1), c); });
  body(bound(0), bound(1), 0);
  for (auto& t : pool) t.join();
}

}  // namespace deblur
