#pragma once
// A photo as the solver sees it: colour planes in linear light (the file's tone curve undone), their
// luminance, and the alpha plane that passes through untouched.
#include "app/app_settings.hpp"
#include "core/image.hpp"
#include "core/tone_curve.hpp"

#include <opencv2/core.hpp>

#include <vector>

namespace deblur::app {

struct Planes {
  std::vector<Image> colour;  // 1 (grey) or 3 (B, G, R), linear light: white 1 (lights clipped at 1)
  cv::Mat alpha;              // empty, or the input's alpha plane as stored
  int depth = CV_8U;          // the input's bit depth (CV_8U, CV_16U or CV_32F)
  ToneCurve curve;            // the file's values are colour through this curve
};

// The tone curve `settings` (input.tone_curve) give for a file of this depth: "auto" takes integer
// files as sRGB (what cameras, phones and editors write) and float files as linear.
ToneCurve input_tone_curve(const AppSettings& settings, int depth);

// Splits an image from read_image into planes scaled to [0, 1], then decoded through `curve`.
Planes split_planes(const cv::Mat& image, const ToneCurve& curve);

// Rec. 601 luma of the colour planes (the plane itself for grey).
Image luminance(const Planes& planes);

// Recombines deblurred colour planes in stored values (clamped to [0, 1]) with the alpha plane, at the
// input's depth.
cv::Mat merge_planes(const std::vector<Image>& colour, const cv::Mat& alpha, int depth);

}  // namespace deblur::app
