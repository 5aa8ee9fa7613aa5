#include "app/monitor.hpp"

#include "app/interrupt.hpp"

#include <spdlog/spdlog.h>

namespace deblur::app {

Monitor::Monitor(const CommandLine& c, const Settings& s, bool preview, std::string preview_stem)
    : command_line_(c), settings_(s), preview_wanted_(preview), preview_stem_(std::move(preview_stem)),
      progress_(c.verbosity >= 0, s.solver) {}

void Monitor::watch(const Image& y) {
  // Only now that the photo was read: a refused one leaves no snapshots folder behind.
  if (!command_line_.snapshots.empty())
    snapshots_ = std::make_unique<SnapshotWriter>(command_line_.snapshots, settings_.app.snapshot_every);
  if (!command_line_.trace.empty()) trace_ = std::make_unique<TraceWriter>(command_line_.trace);
  if (preview_wanted_) preview_ = std::make_unique<Preview>(y, settings_.app.preview_fps, preview_stem_);
}

solvers::IterationCallback Monitor::callback() {
  return [this](const solvers::IterationInfo& info) {
    if (trace_) trace_->write(info);
    if (snapshots_) snapshots_->write(info);
    progress_.update(info);
    const solvers::CallbackResult wanted = preview_ ? preview_->update(info) : solvers::CallbackResult::Continue;
    return stop_requested() ? solvers::CallbackResult::Stop : wanted;
  };
}

void Monitor::keep_result(Image y, Image h) {
  result_ = std::move(y);
  kernel_ = std::move(h);
}

void Monitor::linger() {
  if (!preview_ || result_.size() == 0) return;
  spdlog::info("preview: {} redraws took {:.2f} s of the run", preview_->redraws(), preview_->seconds_drawing());
  preview_->linger(result_, kernel_, settings_.app.preview_linger);
}

}  // namespace deblur::app
