#pragma once
// A photo as the solver sees it: colour planes in [0, 1], their luminance, and the alpha plane that
// passes through untouched.
#include "core/image.hpp"

#include <opencv2/core.hpp>

#include <vector>

namespace deblur::app {

struct Planes {
  std::vector<Image> colour;  // 1 (grey) or 3 (B, G, R), values in [0, 1]
  cv::Mat alpha;              // empty, or the input's alpha plane as stored
  int depth = CV_8U;          // the input's bit depth (CV_8U, CV_16U or CV_32F)
};

// Splits an image from read_image into planes scaled to [0, 1].
Planes split_planes(const cv::Mat& image);

// Rec. 601 luma of the colour planes (the plane itself for grey).
Image luminance(const Planes& planes);

// Recombines deblurred colour planes (clamped to [0, 1]) with the alpha plane, at the input's depth.
cv::Mat merge_planes(const std::vector<Image>& colour, const cv::Mat& alpha, int depth);

}  // namespace deblur::app
