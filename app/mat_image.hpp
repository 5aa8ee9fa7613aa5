#pragma once
// Conversions between OpenCV's cv::Mat (the app's I/O type) and deblur::Image (the solver's).
#include "core/image.hpp"

#include <opencv2/core.hpp>

namespace deblur::app {

// A single-channel CV_32F matrix as an Image (copied).
Image to_image(const cv::Mat& single_channel_float);

// An Image as a CV_32F matrix sharing its pixels (valid while `image` lives and is not resized).
cv::Mat as_mat(const Image& image);

}  // namespace deblur::app
