#pragma once
// Splits a loop over [begin, end) into at most `threads` contiguous chunks run on a process-wide pool
// of helper threads and the caller. Chunks are claimed, not assigned: the caller works through every
// chunk no helper has taken, so a helper that the OS does not schedule in time (a busy or
// oversubscribed machine, ctest -j) costs nothing instead of stalling the loop. Below `min_chunk`
// iterations per chunk, or while another caller holds the pool, the loop runs on the caller alone.
#include <algorithm>
#include <cstddef>
#include <functional>

namespace deblur {

namespace detail {
// Runs body(c) for c in [0, chunks), each exactly once, on the caller and up to helpers pool threads.
void run_chunks(int chunks, int helpers, const std::function<void(int)>& body);
}  // namespace detail

template <class Body>  // body(lo, hi, chunk_index), chunk_index < threads
void parallel_for(std::ptrdiff_t begin, std::ptrdiff_t end, int threads, std::ptrdiff_t min_chunk, Body&& body) {
  const std::ptrdiff_t n = end - begin;
  const int chunks =
      static_cast<int>(std::clamp<std::ptrdiff_t>(n / std::max<std::ptrdiff_t>(min_chunk, 1), 1, std::max(threads, 1)));
  if (chunks == 1) {
    body(begin, end, 0);
    return;
  }
  auto chunk = [&](int c) { body(begin + n * c / chunks, begin + n * (c + 1) / chunks, c); };
  detail::run_chunks(chunks, chunks - 1, std::ref(chunk));  // a reference: std::function stores it inline
}

}  // namespace deblur
