#include "app/progress.hpp"

#include "app/stderr_lock.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace deblur::app {
namespace {

// The fraction of an estimation done after an iteration, with each iteration's cost taken as the
// pixels of its scale (a factor of 1/pyramid_factor² a scale) and the iteration budgets of `o`. A
// scale that stops early counts as whole when the next one starts.
double estimation_done(const solvers::IterationInfo& info, const solvers::Options& o) {
  const auto budget = [&](int scale) { return std::max(1, scale + 1 == info.num_scales ? o.iterations_finest : o.iterations); };
  const auto cost = [&](int scale) { return std::pow(o.pyramid_factor, 2.0 * (info.num_scales - 1 - scale)); };
  double total = 0, done = 0;
  for (int s = 0; s < info.num_scales; ++s) {
    total += budget(s) * cost(s);
    if (s < info.scale) done += budget(s) * cost(s);
    if (s == info.scale) done += std::min(info.iteration + 1, budget(s)) * cost(s);
  }
  return total > 0 ? std::clamp(done / total, 0.0, 1.0) : 0.0;
}

}  // namespace

ProgressLine::ProgressLine(bool enabled, const solvers::Options& o)
    : enabled_(enabled && isatty(STDERR_FILENO)), options_(o) {}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::update(const solvers::IterationInfo& i) {
  if (!enabled_) return;
  done_ = std::max(done_, estimation_done(i, options_));
  const auto now = std::chrono::steady_clock::now();
  if (shown_ && done_ < 1 && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  shown_ = true;
  const double left = i.seconds * (1 - done_) / std::max(done_, 1e-6);
  fmt::print(stderr, "\restimating the blur: {:3.0f} % done, about {:.0f} s left (scale {}/{}, {:.1f} s)\x1b[K",
             100 * done_, std::ceil(left), i.scale + 1, i.num_scales, i.seconds);
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

BatchProgress::BatchProgress(std::size_t photos, bool enabled)
    : enabled_(enabled && isatty(STDERR_FILENO)), photos_(photos) {}

BatchProgress::~BatchProgress() {
  if (enabled_) fmt::print(stderr, "\r\x1b[K");
}

void BatchProgress::started() {
  std::lock_guard lock(mutex_);
  std::lock_guard stderr_lock(StderrLock::mutex());
  ++running_;
  draw();
}

void BatchProgress::finished(bool ok) {
  std::lock_guard lock(mutex_);
  std::lock_guard stderr_lock(StderrLock::mutex());
  --running_;
  ++done_;
  failed_ += !ok;
  draw();
}

void BatchProgress::print(const std::string& line) {
  std::lock_guard lock(mutex_);
  std::lock_guard stderr_lock(StderrLock::mutex());
  fmt::print(stderr, "{}{}\n", enabled_ ? "\r\x1b[K" : "", line);
  draw();
}

void BatchProgress::draw() {
  if (!enabled_) return;
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = photos_ ? kWidth * done_ / photos_ : kWidth;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  fmt::print(stderr, "\r[{}{}] {}/{} photos, {} running{}  {:.0f} s\x1b[K", std::string(filled, '#'),
             std::string(kWidth - filled, '-'), done_, photos_, running_,
             failed_ ? fmt::format(", {} failed", failed_) : std::string(), seconds);
  std::fflush(stderr);
}

}  // namespace deblur::app
