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
#include <vector>

namespace deblur {

// Passes over pixels are split in chunks of at least this many (≈ 50 µs): smaller ones cost more to
// hand out than they gain.
inline constexpr std::ptrdiff_t kMinChunkPixels = 1 << 16;

namespace detail {
// Runs body(c) for c in [0, chunks), each exactly once, on the caller and up to helpers pool threads;
// body(0) always on the caller.
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

// Σ of block_sum(start, length) over the blocks [0, block), [block, 2·block), … covering [0, n), the
// block sums added in double in block order: the same number, to the bit, for every thread count
// (blocks run on up to `threads`, min_chunk iterations of [0, n) at least per chunk). A block_sum
// may also write its block of other arrays: loops that update vectors and reduce them run as one pass.
template <class BlockSum>
double parallel_block_sum(std::ptrdiff_t n, std::ptrdiff_t block, int threads, std::ptrdiff_t min_chunk,
                          BlockSum&& block_sum) {
  const std::ptrdiff_t blocks = (n + block - 1) / block;
  std::vector<double> sums(static_cast<std::size_t>(blocks));
  parallel_for(0, blocks, threads, std::max<std::ptrdiff_t>(1, min_chunk / block),
               [&](std::ptrdiff_t lo, std::ptrdiff_t hi, int) {
                 for (std::ptrdiff_t b = lo; b < hi; ++b)
                   sums[static_cast<std::size_t>(b)] = block_sum(b * block, std::min(block, n - b * block));
               });
  double sum = 0;
  for (const double s : sums) sum += s;
  return sum;
}

// Runs a() and b(), at once (b perhaps on a pool thread) when threads ≥ 2 and one after the other
// otherwise: for independent tasks, each large enough to be worth a thread. a() always runs on the
// calling thread (it may use what only that thread may, e.g. a GUI). An exception from either is
// rethrown here once both have finished (a's first).
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
