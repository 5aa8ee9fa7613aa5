// Solver probe: runs the solver on one image file, for scoring and tuning the solvers layer on its own.
//   solver_probe BLURRED -o OUT [--kernel-size N] [--save-kernel K.tiff] [--set section.key=value]... [--trace]
//                [--dump-kernels DIR]  (each scale's last kernel and x-step image as DIR/scale_N.png, DIR/image_N.png)
// Colour input: the kernel is estimated on luminance and each channel deconvolved.
#include "solvers/blind_deconvolution.hpp"
#include "core/allocator.hpp"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using deblur::Image;
namespace s = deblur::solvers;

namespace {

Image to_image(const cv::Mat& m) {
  cv::Mat f;
  m.convertTo(f, CV_32F, m.depth() == CV_16U ? 1.0 / 65535 : m.depth() == CV_8U ? 1.0 / 255 : 1.0);
  Image a(f.rows, f.cols);
  for (int i = 0; i < f.rows; ++i)
    for (int j = 0; j < f.cols; ++j) a(i, j) = f.at<float>(i, j);
  return a;
}

cv::Mat to_mat(const Image& a) {
  cv::Mat m(static_cast<int>(a.rows()), static_cast<int>(a.cols()), CV_32F);
  for (int i = 0; i < m.rows; ++i)
    for (int j = 0; j < m.cols; ++j) m.at<float>(i, j) = a(i, j);
  return m;
}

void set_option(s::Options& o, const std::string& assignment) {
  const auto eq = assignment.find('=');
  const std::string name = assignment.substr(0, eq), value = assignment.substr(eq + 1);
  for (s::OptionField& f : s::describe(o))
    if (f.section + "." + f.key == name) {
      std::visit(
          [&](auto* p) {
            using T = std::remove_pointer_t<decltype(p)>;
            if constexpr (std::is_same_v<T, std::string>) *p = value;
            else if constexpr (std::is_same_v<T, bool>) *p = value == "true" || value == "1";
            else *p = static_cast<T>(std::stod(value));
          },
          f.value);
      return;
    }
  std::fprintf(stderr, "unknown option %s\n", name.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  deblur::reuse_freed_memory();  // as the app does
  std::string in, out, kernel_out;
  bool trace = false;
  std::string dump;  // folder for each scale's last kernel, scale_N.png
  s::Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-o" && i + 1 < argc) out = argv[++i];
    else if (a == "--kernel-size" && i + 1 < argc) options.kernel_size = std::atoi(argv[++i]);
    else if (a == "--save-kernel" && i + 1 < argc) kernel_out = argv[++i];
    else if (a == "--set" && i + 1 < argc) set_option(options, argv[++i]);
    else if (a == "--trace") trace = true;
    else if (a == "--dump-kernels" && i + 1 < argc) dump = argv[++i];
    else in = a;
  }
  if (in.empty() || out.empty()) {
    std::fprintf(stderr, "usage: solver_probe BLURRED -o OUT [--kernel-size N] [--save-kernel K.tiff] [--set k=v] [--trace]\n");
    return 2;
  }
  const cv::Mat input = cv::imread(in, cv::IMREAD_ANYDEPTH | cv::IMREAD_COLOR);
  if (input.empty()) {
    std::fprintf(stderr, "cannot read %s\n", in.c_str());
    return 1;
  }
  try {
    std::vector<cv::Mat> channels;
    cv::split(input, channels);
    cv::Mat grey;
    cv::cvtColor(input, grey, cv::COLOR_BGR2GRAY);
    const bool colour = cv::norm(channels[0], channels[1], cv::NORM_INF) > 0 || cv::norm(channels[0], channels[2], cv::NORM_INF) > 0;
    const auto t0 = std::chrono::steady_clock::now();
    s::IterationCallback cb;
    if (trace || !dump.empty())
      cb = [&](const s::IterationInfo& i) {
        if (trace)
          std::fprintf(stderr, "scale %d/%d it %3d data %.5g prior %.5g step_x %.3g step_h %.3g change %.3g  %.2fs\n",
                       i.scale, i.num_scales, i.iteration, i.data_term, i.prior_term, i.step_x, i.step_h, i.kernel_change,
                       i.seconds);
        if (!dump.empty()) {
          cv::Mat k;
          cv::resize(to_mat(i.h / i.h.maxCoeff()), k, cv::Size(120, 120), 0, 0, cv::INTER_NEAREST);
          k.convertTo(k, CV_8U, 255.0);
          cv::imwrite(dump + "/scale_" + std::to_string(i.scale) + ".png", k);
          cv::Mat x;
          to_mat(i.x.cwiseMax(0.0f).cwiseMin(1.0f)).convertTo(x, CV_8U, 255.0);
          cv::imwrite(dump + "/image_" + std::to_string(i.scale) + ".png", x);
        }
        return s::CallbackResult::Continue;
      };
    s::KernelEstimate e = s::estimate_kernel(to_image(grey), options, cb);
    std::vector<Image> planes;
    for (const cv::Mat& c : colour ? channels : std::vector<cv::Mat>{grey}) planes.push_back(to_image(c));
    std::vector<cv::Mat> outs;
    for (const Image& plane : s::deconvolve(planes, e.h, options, s::KernelSource::Estimated)) {
      cv::Mat o;
      to_mat(plane).convertTo(o, CV_8U, 255.0);
      outs.push_back(o);
    }
    e.summary.seconds_final =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() - e.summary.seconds_estimation;
    cv::Mat result;
    cv::merge(outs, result);
    cv::imwrite(out, result);
    if (!kernel_out.empty()) cv::imwrite(kernel_out, to_mat(e.h));
    std::fprintf(stderr, "%s", e.summary.full_report().c_str());
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "error: %s\n", ex.what());
    return 1;
  }
  return 0;
}
