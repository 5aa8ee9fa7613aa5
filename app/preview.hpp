#pragma once
// The --preview window, fed by the solver's iteration callback: blurred input | current estimate |
// kernel (nearest-neighbour magnified) | log objective per iteration with the scale and iteration.
// Redrawn at most `fps` times a second; keys: space pauses/resumes, s saves a snapshot of the
// window, q/Esc stops early (the current result is kept); closing the window also stops.
// Open it only after display_problem() returned "".
#include "solvers/blind_deconvolution.hpp"

#include <opencv2/core.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace deblur::app {

class Preview {
 public:
  static constexpr const char* kTitle = "deblur preview";

  // `snapshot_stem`: the `s` key writes <stem>-<n>.png.
  Preview(const Image& blurred, double fps, std::string snapshot_stem);
  ~Preview();
  Preview(const Preview&) = delete;
  Preview& operator=(const Preview&) = delete;

  solvers::CallbackResult update(const solvers::IterationInfo& info);
  void status(const std::string& text);  // redraws with `text` on the bottom line
  void outline(const solvers::Region& region);  // marks where the kernel is estimated on the blurred input
  // Shows the result and waits `seconds` (< 0: until a key) or until the window is closed.
  void linger(const Image& result, const Image& h, double seconds);
  // Time spent drawing during iterations (pauses included), to check the preview does not slow the
  // solver down.
  double seconds_drawing() const { return seconds_drawing_; }
  int redraws() const { return redraws_; }

 private:
  cv::Mat compose() const;
  void show();
  bool closed() const;
  void save_snapshot();
  // Handles a key; returns true if the user asked to stop.
  bool handle_key(int key);

  int height_ = 280, image_width_ = 280;
  Image blurred_;
  cv::Mat input_, estimate_, kernel_;
  std::string kernel_label_ = "kernel", where_, status_;
  std::vector<double> objective_;  // per pixel
  double last_objective_ = 0;
  std::vector<std::size_t> scale_starts_;
  int last_scale_ = -1;
  std::chrono::steady_clock::duration period_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::string snapshot_stem_;
  int snapshots_ = 0;
  bool stop_ = false;
  double seconds_drawing_ = 0;
  int redraws_ = 0;
};

}  // namespace deblur::app
