#pragma once
// How the solvers configure core's DataTerm: threads only where the transforms are large enough to
// gain from them (measured: on 300×400 bench images two FFT threads were slower than one).
#include "core/objective.hpp"
#include "solvers/options.hpp"

namespace deblur::solvers {

inline DataTermOptions data_term_options(const Options& o, Index rows, Index cols) {
  const bool small = rows < o.parallel_min_side && cols < o.parallel_min_side;
  DataTermOptions d;
  d.threads = small ? 1 : o.threads;
  return d;
}

}  // namespace deblur::solvers
