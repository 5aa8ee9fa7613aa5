#pragma once
// How the solvers configure core's DataTerm: threads only where the transforms are large enough to
// gain from them (measured: on 300×400 bench images two FFT threads were slower than one).
// `tasks` data terms that work at once (the h-step's two directions) share the threads.
#include "core/fft.hpp"
#include "core/objective.hpp"
#include "solvers/options.hpp"

#include <algorithm>

namespace deblur::solvers {

inline DataTermOptions data_term_options(const Options& o, Index rows, Index cols, int tasks = 1) {
  const bool small = rows < o.parallel_min_side && cols < o.parallel_min_side;
  DataTermOptions d;
  d.threads = small ? 1 : std::max(1, resolve_threads(o.threads) / tasks);
  return d;
}

}  // namespace deblur::solvers
