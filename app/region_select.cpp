#include "app/region_select.hpp"

#include "app/errors.hpp"
#include "app/interrupt.hpp"

#include <fmt/format.h>
#include <opencv2/highgui.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace deblur::app {
namespace {

// highgui cannot tell the screen's size: fit a 1280×800 screen (the smallest common one) with room
// for the window's frame and the panel's status bar.
constexpr int kMaxWidth = 1240, kMaxHeight = 720, kBar = 26;
constexpr int kKeyEnter = 13, kKeyReturn = 10, kKeyEsc = 27;
const cv::Scalar kRegion(0, 200, 255), kText(230, 230, 230);

// The photo as 8-bit BGR for display.
cv::Mat displayable(const cv::Mat& image) {
  cv::Mat m;
  const double scale = image.depth() == CV_16U ? 1.0 / 257 : image.depth() == CV_32F ? 255.0 : 1.0;
  image.convertTo(m, CV_8U, scale);
  if (m.channels() == 1) cv::cvtColor(m, m, cv::COLOR_GRAY2BGR);
  if (m.channels() == 4) cv::cvtColor(m, m, cv::COLOR_BGRA2BGR);
  return m;
}

struct Drag {
  cv::Point from, to;
  bool dragging = false, done = false;
};

void on_mouse(int event, int x, int y, int, void* data) {
  Drag& d = *static_cast<Drag*>(data);
  if (event == cv::EVENT_LBUTTONDOWN) {
    d.from = d.to = {x, y};
    d.dragging = true;
  } else if (event == cv::EVENT_MOUSEMOVE && d.dragging) {
    d.to = {x, y};
  } else if (event == cv::EVENT_LBUTTONUP && d.dragging) {
    d.to = {x, y};
    d.dragging = false;
    d.done = true;
  }
}

}  // namespace

solvers::Region select_region(const cv::Mat& image, const std::string& path) {
  const cv::Mat photo = displayable(image);
  const double f = std::min({1.0, static_cast<double>(kMaxWidth) / photo.cols, static_cast<double>(kMaxHeight) / photo.rows});
  cv::Mat shown;
  cv::resize(photo, shown, cv::Size(), f, f, f < 1 ? cv::INTER_AREA : cv::INTER_NEAREST);
  // The window's pixels back to the photo's, clamped to it.
  const auto to_photo = [&](cv::Point p) {
    return cv::Point(std::clamp(static_cast<int>(std::lround(p.x / f)), 0, image.cols),
                     std::clamp(static_cast<int>(std::lround(p.y / f)), 0, image.rows));
  };
  Drag drag;
  cv::namedWindow(kSelectTitle, cv::WINDOW_AUTOSIZE | cv::WINDOW_GUI_NORMAL);
  cv::setMouseCallback(kSelectTitle, on_mouse, &drag);
  solvers::Region region;
  for (;;) {
    cv::Mat canvas(shown.rows + kBar, shown.cols, CV_8UC3, cv::Scalar(20, 20, 20));
    shown.copyTo(canvas(cv::Rect(0, 0, shown.cols, shown.rows)));
    std::string hint = "drag over clear edges";
    if (drag.dragging || drag.done) {
      const cv::Point a = to_photo(drag.from), b = to_photo(drag.to);
      region = {std::min(a.x, b.x), std::min(a.y, b.y), std::abs(a.x - b.x), std::abs(a.y - b.y)};
      cv::rectangle(canvas, drag.from, drag.to, kRegion, 2);
      hint = fmt::format("{}  Enter: use it", region.describe());
    }
    cv::putText(canvas, hint + "  Esc: cancel", {6, shown.rows + kBar - 8}, cv::FONT_HERSHEY_SIMPLEX, 0.45, kText, 1,
                cv::LINE_AA);
    cv::imshow(kSelectTitle, canvas);
    const int key = cv::waitKey(30) & 0xFF;
    const bool closed = cv::getWindowProperty(kSelectTitle, cv::WND_PROP_VISIBLE) < 1;
    if (key == kKeyEsc || closed || stop_requested()) {
      if (!closed) cv::destroyWindow(kSelectTitle);
      cv::waitKey(1);
      throw BadInput(fmt::format("{}: region selection cancelled", path));
    }
    if ((key == kKeyEnter || key == kKeyReturn) && drag.done && region.cols > 0 && region.rows > 0) break;
  }
  cv::destroyWindow(kSelectTitle);
  cv::waitKey(1);
  return region;
}

}  // namespace deblur::app
