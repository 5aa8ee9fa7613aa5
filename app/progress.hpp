#pragma once
// Progress on stderr, only when it is a terminal: the single line of one estimation (fraction done,
// time left, scale; redrawn at most 10 times a second), and the bar of a batch.
#include "solvers/blind_deconvolution.hpp"

#include <chrono>
#include <mutex>
#include <string>

namespace deblur::app {

class ProgressLine {
 public:
  ProgressLine(bool enabled, const solvers::Options& o);  // enabled && isatty(stderr)
  ~ProgressLine();                                        // ends the line
  void update(const solvers::IterationInfo& info);
  void message(const char* text);  // e.g. "final pass…", replaces the line
  void finish();

 private:
  bool enabled_, shown_ = false;
  const solvers::Options& options_;
  double done_ = 0;  // never goes back (hypotheses run side by side report in turn)
  std::chrono::steady_clock::time_point last_{};
};

// A batch's bar: photos done of all, how many failed, elapsed time. Lines printed through it appear
// above the bar. Safe to call from several threads.
class BatchProgress {
 public:
  BatchProgress(std::size_t photos, bool enabled);  // enabled && isatty(stderr)
  ~BatchProgress();                                 // ends the bar
  void started();
  void finished(bool ok);
  void print(const std::string& line);  // one whole line on stderr, terminal or not

 private:
  void draw();  // with mutex_ held
  std::mutex mutex_;
  bool enabled_;
  std::size_t photos_, running_ = 0, done_ = 0, failed_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace deblur::app
