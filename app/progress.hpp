#pragma once
// The single progress line on stderr (only when stderr is a terminal): scale, iteration, objective,
// elapsed time, redrawn at most 10 times a second.
#include "solvers/blind_deconvolution.hpp"

#include <chrono>

namespace deblur::app {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);  // enabled && isatty(stderr)
  ~ProgressLine();                      // ends the line
  void update(const solvers::IterationInfo& info);
  void message(const char* text);       // e.g. "final pass…", replaces the line
  void finish();

 private:
  bool enabled_, shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace deblur::app
