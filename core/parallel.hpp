#pragma once
// Splits a loop over [begin, end) into at most `threads` contiguous chunks run on a process-wide pool
// of helper threads and the caller. Chunks are claimed, not assigned: the caller works through every
// chunk no helper has taken, so a helper that the OS does not schedule in time (a busy or
// oversubscribed machine, ctest -j) costs nothing instead of stalling the loop. Below `min_chunk`
// iterations per chunk, while another caller holds the pool, or inside a chunk (nested loops), the
// loop runs on the caller alone, in the same chunks.
#include <algorithm>
#include <cstddef>
#include <exception>
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

// Runs a() and b(), at once (b perhaps on a pool thread) when threads ≥ 2 and one after the other
// otherwise: for independent tasks, each large enough to be worth a thread. An exception from either
// is rethrown here once both have finished (a's first).
template <class A, class B>
void parallel_invoke(int threads, A&& a, B&& b) {
  std::exception_ptr error[2];
  auto task = [&](int t) {
    try {
      if (t == 0) a();
      else b();
    } catch (...) {
      error[t] = std::current_exception();
    }
  };
  if (threads >= 2) {
    detail::run_chunks(2, 1, std::ref(task));
  } else {
    task(0);
    task(1);
  }
  for (const std::exception_ptr& e : error)
    if (e) std::rethrow_exception(e);
}

}  // namespace deblur
