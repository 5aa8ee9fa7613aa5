#include "app/preview.hpp"

#include "app/image_io.hpp"
#include "app/interrupt.hpp"
#include "app/mat_image.hpp"

#include <fmt/format.h>
#include <opencv2/highgui.hpp>
#include <opencv2/imgproc.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <thread>

namespace deblur::app {
namespace {

const cv::Scalar kBackground(40, 40, 40), kText(230, 230, 230), kCurve(80, 220, 120), kGrid(90, 90, 90),
    kRegion(0, 200, 255);
constexpr int kBar = 26;  // caption and status bars
constexpr int kPlotWidth = 340, kGap = 6;
constexpr int kKeySpace = 32, kKeyEsc = 27;

// `image` (values in [0, 1], or scaled to its maximum) fitted into a w×h box on the background.
cv::Mat fit(const Image& image, int w, int h, bool nearest, bool to_maximum) {
  cv::Mat grey;
  const double scale = to_maximum ? (image.maxCoeff() > 0 ? 255.0 / image.maxCoeff() : 0.0) : 255.0;
  as_mat(image).convertTo(grey, CV_8U, scale);
  const double f = std::min(static_cast<double>(w) / grey.cols, static_cast<double>(h) / grey.rows);
  const double zoom = nearest && f >= 1 ? std::floor(f) : f;
  cv::Mat resized;
  cv::resize(grey, resized, cv::Size(), zoom, zoom,
             nearest ? cv::INTER_NEAREST : zoom < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::Mat box(h, w, CV_8UC3, kBackground);
  cv::Mat colour;
  cv::cvtColor(resized, colour, cv::COLOR_GRAY2BGR);
  const cv::Rect at((w - colour.cols) / 2, (h - colour.rows) / 2, std::min(colour.cols, w), std::min(colour.rows, h));
  colour(cv::Rect(0, 0, at.width, at.height)).copyTo(box(at));
  return box;
}

void text(cv::Mat& m, const std::string& s, cv::Point at, double size = 0.5) {
  cv::putText(m, s, at, cv::FONT_HERSHEY_SIMPLEX, size, kText, 1, cv::LINE_AA);
}

}  // namespace

Preview::Preview(const Image& blurred, double fps, std::string snapshot_stem)
    : blurred_(blurred),
      period_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(1.0 / fps))),
      snapshot_stem_(std::move(snapshot_stem)) {
  // Two image panels as wide as the aspect asks, but the whole window within a 1280-pixel screen.
  const int widest = (1280 - height_ - kPlotWidth - 3 * kGap) / 2;
  image_width_ = std::clamp(static_cast<int>(height_ * blurred.cols() / std::max<Index>(1, blurred.rows())), 160, widest);
  input_ = fit(blurred, image_width_, height_, false, false);
  estimate_ = cv::Mat(height_, image_width_, CV_8UC3, kBackground);
  kernel_ = cv::Mat(height_, height_, CV_8UC3, kBackground);
  status_ = "starting";
  cv::namedWindow(kTitle, cv::WINDOW_AUTOSIZE | cv::WINDOW_GUI_NORMAL);
  show();
}

Preview::~Preview() {
  try {
    cv::destroyWindow(kTitle);
    cv::waitKey(1);
  } catch (const cv::Exception&) {
  }
}

cv::Mat Preview::compose() const {
  const int width = 2 * image_width_ + height_ + kPlotWidth + 3 * kGap;
  cv::Mat canvas(height_ + 2 * kBar, width, CV_8UC3, cv::Scalar(20, 20, 20));
  int x = 0;
  const auto place = [&](const cv::Mat& panel, const std::string& caption) {
    panel.copyTo(canvas(cv::Rect(x, kBar, panel.cols, panel.rows)));
    text(canvas, caption, {x + 6, kBar - 8});
    x += panel.cols + kGap;
  };
  place(input_, "blurred input");
  place(estimate_, "estimate");
  place(kernel_, kernel_label_);

  cv::Mat plot(height_, kPlotWidth, CV_8UC3, kBackground);
  std::vector<double> logs;
  for (double v : objective_) logs.push_back(std::log10(std::max(v, 1e-300)));
  if (logs.empty()) {
    text(plot, "objective per pixel (log10)", {10, 24});
    text(plot, "waiting for the first iteration", {10, height_ / 2});
  } else {
    const auto [lo_it, hi_it] = std::minmax_element(logs.begin(), logs.end());
    const double lo = *lo_it, hi = std::max(*hi_it, *lo_it + 1e-6);
    const int left = 10, right = kPlotWidth - 10, top = 50, bottom = height_ - 30;
    const auto px = [&](std::size_t i) {
      return left + static_cast<int>((right - left) * (logs.size() > 1 ? static_cast<double>(i) / (logs.size() - 1) : 0.0));
    };
    const auto py = [&](double v) { return bottom - static_cast<int>((bottom - top) * (v - lo) / (hi - lo)); };
    for (std::size_t s : scale_starts_) cv::line(plot, {px(s), top}, {px(s), bottom}, kGrid);
    std::vector<cv::Point> curve;
    for (std::size_t i = 0; i < logs.size(); ++i) curve.emplace_back(px(i), py(logs[i]));
    cv::polylines(plot, curve, false, kCurve, 2, cv::LINE_AA);
    text(plot, where_, {10, 20});
    text(plot, fmt::format("objective {:.4e}", last_objective_), {10, 40});
    text(plot, fmt::format("log10: {:.2f} .. {:.2f}", lo, hi), {10, height_ - 10}, 0.45);
  }
  place(plot, "objective per pixel, log10");
  text(canvas, status_ + "    [space] pause  [s] snapshot  [q/Esc] stop", {6, height_ + 2 * kBar - 8});
  return canvas;
}

void Preview::show() {
  cv::imshow(kTitle, compose());
  last_draw_ = std::chrono::steady_clock::now();
  if (handle_key(cv::waitKey(1))) stop_ = true;
}

bool Preview::closed() const {
  try {
    return cv::getWindowProperty(kTitle, cv::WND_PROP_VISIBLE) < 1;
  } catch (const cv::Exception&) {
    return true;
  }
}

void Preview::save_snapshot() {
  const std::string path = fmt::format("{}-{}.png", snapshot_stem_, ++snapshots_);
  try {
    write_image(path, compose());
    spdlog::info("snapshot saved to {}", path);
  } catch (const std::exception& e) {
    spdlog::warn("snapshot not saved: {}", e.what());
  }
}

bool Preview::handle_key(int key) {
  key &= 0xFF;
  if (key == 'q' || key == kKeyEsc) return true;
  if (key == 's') save_snapshot();
  if (key == kKeySpace) {
    const std::string before = status_;
    status_ = "paused: space resumes";
    cv::imshow(kTitle, compose());
    for (;;) {
      const int k = cv::waitKey(50) & 0xFF;
      if (k == kKeySpace) break;
      if (k == 'q' || k == kKeyEsc || closed() || stop_requested()) return true;
      if (k == 's') save_snapshot();
    }
    status_ = before;
  }
  return closed();
}

solvers::CallbackResult Preview::update(const solvers::IterationInfo& i) {
  if (i.scale != last_scale_) {
    scale_starts_.push_back(objective_.size());
    last_scale_ = i.scale;
  }
  // Per pixel, so that the scales (each with more pixels than the last) share one axis.
  last_objective_ = i.data_term + i.prior_term;
  objective_.push_back(last_objective_ / static_cast<double>(std::max<Index>(1, i.x.size())));
  const auto now = std::chrono::steady_clock::now();
  if (!stop_ && now - last_draw_ >= period_) {
    estimate_ = fit(i.x, image_width_, height_, false, false);
    kernel_ = fit(i.h, height_, height_, true, true);
    kernel_label_ = fmt::format("kernel {}x{}", i.h.cols(), i.h.rows());
    where_ = fmt::format("scale {}/{}  iteration {}", i.scale + 1, i.num_scales, i.iteration);
    status_ = "running";
    show();
    seconds_drawing_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - now).count();
    ++redraws_;
  }
  return stop_ ? solvers::CallbackResult::Stop : solvers::CallbackResult::Continue;
}

void Preview::status(const std::string& text) {
  status_ = text;
  if (!closed()) show();
}

void Preview::outline(const solvers::Region& r) {
  // Where fit() put the photo: scaled by f, centred in the panel.
  const double f = std::min(static_cast<double>(image_width_) / blurred_.cols(), static_cast<double>(height_) / blurred_.rows());
  const cv::Point offset((image_width_ - static_cast<int>(std::lround(blurred_.cols() * f))) / 2,
                         (height_ - static_cast<int>(std::lround(blurred_.rows() * f))) / 2);
  const auto at = [&](Index col, Index row) {
    return offset + cv::Point(static_cast<int>(std::lround(col * f)), static_cast<int>(std::lround(row * f)));
  };
  input_ = fit(blurred_, image_width_, height_, false, false);
  cv::rectangle(input_, at(r.col, r.row), at(r.col + r.cols, r.row + r.rows) - cv::Point(1, 1), kRegion, 2);
  if (!closed()) show();
}

void Preview::linger(const Image& result, const Image& h, double seconds) {
  if (closed()) return;
  estimate_ = fit(result, image_width_, height_, false, false);
  kernel_ = fit(h, height_, height_, true, true);
  kernel_label_ = fmt::format("kernel {}x{}", h.cols(), h.rows());
  status_ = seconds < 0 ? "done: press any key or close the window" : "done";
  cv::imshow(kTitle, compose());
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (seconds < 0 || std::chrono::steady_clock::now() < end) {
    const int key = cv::waitKey(50);
    if (key == 's') save_snapshot();
    else if (key >= 0 || closed() || stop_requested()) break;
  }
}

}  // namespace deblur::app
