#pragma once
// --roi select: the photo in a window, scaled to fit the screen; the user drags a rectangle over the
// part with the clearest edges, Enter confirms, Esc (or closing the window) cancels. Open it only
// after display_problem() returned "".
#include "solvers/estimation_region.hpp"

#include <opencv2/core.hpp>

#include <string>

namespace deblur::app {

constexpr const char* kSelectTitle = "deblur: select the region";

// The dragged rectangle in pixels of `image` (as read: any depth, 1, 3 or 4 channels). Throws
// BadInput naming `path` when the user cancels.
solvers::Region select_region(const cv::Mat& image, const std::string& path);

}  // namespace deblur::app
