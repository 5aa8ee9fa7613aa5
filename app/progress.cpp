#include "app/progress.hpp"

#include "app/stderr_lock.hpp"

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
