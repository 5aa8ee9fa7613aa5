#include "app/progress.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <cstdio>

namespace deblur::app {

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)) {}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::update(const solvers::IterationInfo& i) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (shown_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  shown_ = true;
  fmt::print(stderr, "\rscale {}/{}  iteration {}  objective {:.4e}  {:.1f} s\x1b[K", i.scale + 1, i.num_scales,
             i.iteration, i.data_term + i.prior_term, i.seconds);
  std::fflush(stderr);
}

void ProgressLine::message(const char* text) {
  if (!enabled_) return;
  shown_ = true;
  fmt::print(stderr, "\r{}\x1b[K", text);
  std::fflush(stderr);
}

void ProgressLine::finish() {
  if (!shown_) return;
  fmt::print(stderr, "\r\x1b[K");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace deblur::app
