#include "app/colour.hpp"

#include "app/errors.hpp"
#include "app/mat_image.hpp"

#include <fmt/format.h>

namespace deblur::app {
namespace {

double full_scale(int depth) { return depth == CV_8U ? 255.0 : depth == CV_16U ? 65535.0 : 1.0; }

}  // namespace

ToneCurve input_tone_curve(const AppSettings& settings, int depth) {
  switch (settings.tone_curve) {
    case ToneCurveSetting::Auto: return {depth == CV_32F ? ToneCurve::Kind::Linear : ToneCurve::Kind::Srgb};
    case ToneCurveSetting::Srgb: return {ToneCurve::Kind::Srgb};
    case ToneCurveSetting::Gamma: return {ToneCurve::Kind::Gamma, settings.gamma};
    case ToneCurveSetting::Linear: break;
  }
  return {ToneCurve::Kind::Linear};
}

Planes split_planes(const cv::Mat& image, const ToneCurve& curve) {
  Planes p;
  p.depth = image.depth();
  p.curve = curve;
  std::vector<cv::Mat> channels;
  cv::split(image, channels);
  if (channels.size() == 4) {
    p.alpha = channels[3];
    channels.pop_back();
  }
  for (const cv::Mat& c : channels) {
    cv::Mat f;
    c.convertTo(f, CV_32F, 1.0 / full_scale(p.depth));
    p.colour.push_back(to_image(f));
    decode(p.colour.back(), curve);
  }
  return p;
}

Image luminance(const Planes& p) {
  if (p.colour.size() == 1) return p.colour[0];
  return 0.114f * p.colour[0] + 0.587f * p.colour[1] + 0.299f * p.colour[2];
}

cv::Mat merge_planes(const std::vector<Image>& colour, const cv::Mat& alpha, int depth) {
  std::vector<cv::Mat> channels;
  for (const Image& c : colour) {
    cv::Mat out;
    cv::Mat clamped = cv::min(cv::max(as_mat(c), 0.0), 1.0);
    clamped.convertTo(out, depth, full_scale(depth));
    channels.push_back(out);
  }
  if (!alpha.empty()) {
    if (alpha.size() != channels.front().size())
      throw RunFailure(fmt::format("result is {}x{} but alpha is {}x{}", channels.front().cols, channels.front().rows,
                                   alpha.cols, alpha.rows));
    channels.push_back(alpha);
  }
  cv::Mat merged;
  cv::merge(channels, merged);
  return merged;
}

}  // namespace deblur::app
