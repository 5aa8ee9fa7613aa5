#pragma once
// What watches the one kernel estimation of a run: the progress line, --trace, --snapshots and the
// --preview window, fed by the solver's iteration callback, which also stops it on Ctrl-C.
#include "app/cli.hpp"
#include "app/preview.hpp"
#include "app/progress.hpp"
#include "app/settings.hpp"
#include "app/snapshots.hpp"
#include "app/trace.hpp"

#include <memory>

namespace deblur::app {

class Monitor {
 public:
  // `preview`: whether a window can and should be opened (display_problem() was checked); its `s`
  // key writes <preview_stem>-<n>.png.
  Monitor(const CommandLine& c, const Settings& s, bool preview, std::string preview_stem);

  // Starts watching the estimation on the blurred luminance y: snapshots folder, trace, preview.
  void watch(const Image& y);
  solvers::IterationCallback callback();
  ProgressLine& progress() { return progress_; }
  Preview* preview() { return preview_.get(); }
  // The preview shows the result once the summary line is out: keep it until then.
  void keep_result(Image y, Image h);
  // Leaves the preview on the kept result for preview.linger seconds (or until a key).
  void linger();

 private:
  const CommandLine& command_line_;
  const Settings& settings_;
  bool preview_wanted_;
  std::string preview_stem_;
  std::unique_ptr<SnapshotWriter> snapshots_;
  std::unique_ptr<TraceWriter> trace_;
  std::unique_ptr<Preview> preview_;
  Image result_, kernel_;
  ProgressLine progress_;
};

}  // namespace deblur::app
