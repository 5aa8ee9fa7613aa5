#pragma once
// The per-iteration callback as both estimators (multiscale.cpp, fourier_estimation.cpp) call it, and
// the clock whose seconds IterationInfo and the summaries report.
#include "solvers/blind_deconvolution.hpp"

#include <chrono>

namespace deblur::solvers {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t);

// Shows `info` to the callback, if there is one. True when it says stop, which `scale` and `summary`
// then record.
bool callback_stops(const IterationCallback& callback, const IterationInfo& info, ScaleSummary& scale, Summary& summary);

}  // namespace deblur::solvers
