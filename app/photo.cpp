#include "app/photo.hpp"

#include "app/errors.hpp"
#include "app/image_io.hpp"
#include "app/interrupt.hpp"
#include "app/jpeg_quality.hpp"
#include "app/kernel_io.hpp"
#include "app/region_select.hpp"
#include "solvers/kernel_projection.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace deblur::app {
namespace {

constexpr Index kMinimumSide = 8;  // smaller images hold too little to estimate any blur

void check_sizes(const std::string& input, const Image& y, const solvers::Options& options, const Image* kernel) {
  if (y.rows() < kMinimumSide || y.cols() < kMinimumSide)
    throw BadInput(fmt::format("{}: image is {}x{}; deblur needs at least {}x{} pixels", input, y.cols(), y.rows(),
                               kMinimumSide, kMinimumSide));
  const Index k_rows = kernel ? kernel->rows() : options.kernel_size, k_cols = kernel ? kernel->cols() : options.kernel_size;
  if (k_rows >= y.rows() || k_cols >= y.cols())
    throw BadInput(fmt::format("{}: kernel {}x{} is not smaller than the image {}x{}", input, k_cols, k_rows, y.cols(),
                               y.rows()));
}

std::string describe_image(const cv::Mat& m) {
  const char* channels = m.channels() == 1 ? "grey" : m.channels() == 3 ? "colour" : "colour+alpha";
  const char* depth = m.depth() == CV_8U ? "8-bit" : m.depth() == CV_16U ? "16-bit" : "float";
  return fmt::format("{}x{} {} {}", m.cols, m.rows, channels, depth);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

Photo load_photo(const std::string& path, const Settings& settings, const Image* kernel) {
  Photo p{path, read_image(path, settings.app.max_megapixels), {}, {}};
  p.planes = split_planes(p.image, input_tone_curve(settings.app, p.image.depth()));
  p.y = luminance(p.planes);
  if (const std::vector<QuantisationTable> tables = read_quantisation_tables(path); !tables.empty())
    p.quantisation_rms = quantisation_rms(tables.front());
  check_sizes(path, p.y, settings.solver, kernel);
  spdlog::info("{}: {}", path, describe_image(p.image));
  return p;
}

solvers::KernelEstimate estimate_photo_kernel(const Photo& photo, const solvers::Options& options,
                                              const RegionRequest& request, Monitor* monitor) {
  std::optional<solvers::Region> region = request.given;
  if (request.select) region = select_region(photo.image, photo.path);
  if (monitor) {
    monitor->watch(photo.y);
    if (region && monitor->preview()) monitor->preview()->outline(*region);
  }
  const solvers::IterationCallback stop_on_interrupt = [](const solvers::IterationInfo&) {
    return stop_requested() ? solvers::CallbackResult::Stop : solvers::CallbackResult::Continue;
  };
  try {
    solvers::KernelEstimate e = solvers::estimate_kernel(photo.y, options, monitor ? monitor->callback() : stop_on_interrupt, region);
    if (monitor && monitor->preview()) monitor->preview()->outline(e.summary.region);
    return e;
  } catch (const InvalidInput& e) {
    throw BadInput(fmt::format("{}: {}", photo.path, e.what()));
  }
}

PhotoOutcome deblur_photo(const PhotoTask& task, const Settings& settings) {
  const auto start = std::chrono::steady_clock::now();
  PhotoOutcome outcome;
  outcome.input = task.input;
  outcome.output = task.output;
  const Photo photo = load_photo(task.input, settings, task.kernel);

  solvers::KernelEstimate estimate;
  if (task.kernel) {
    estimate.h = *task.kernel;
  } else {
    estimate = estimate_photo_kernel(photo, settings.solver, task.region, task.monitor);
    outcome.region = estimate.summary.region;
  }
  ProgressLine* progress = task.monitor ? &task.monitor->progress() : nullptr;
  Preview* preview = task.monitor ? task.monitor->preview() : nullptr;
  if (progress) progress->message("final deconvolution...");
  if (preview) preview->status("final deconvolution...");
  std::vector<Image> deblurred;
  try {
    const auto final_start = std::chrono::steady_clock::now();
    deblurred = solvers::deconvolve(photo.planes.colour, estimate.h, settings.solver, task.kernel_source, photo.planes.curve,
                                    photo.quantisation_rms);
    estimate.summary.seconds_final = seconds_since(final_start);
  } catch (const InvalidInput& e) {
    throw BadInput(fmt::format("{}: {}", task.input, e.what()));
  }
  if (!task.kernel) spdlog::info("{}", estimate.summary.full_report());
  if (progress) progress->finish();
  for (Image& plane : deblurred) encode(plane, photo.planes.curve);

  std::vector<std::string> warnings;
  const cv::Mat result = fit_to_format(merge_planes(deblurred, photo.planes.alpha, photo.planes.depth), task.output, warnings);
  for (const std::string& w : warnings) spdlog::warn("{}: {}", task.output, w);
  if (!task.save_kernel.empty()) write_kernel(task.save_kernel, estimate.h);
  write_image(task.output, result, task.input);

  const solvers::Summary& s = estimate.summary;
  int iterations = 0;
  for (const solvers::ScaleSummary& scale : s.scales) iterations += scale.iterations;
  const std::string how =
      task.kernel ? fmt::format(" ({})", task.kernel_origin)
                  : fmt::format(" on {}{}; {} iterations over {} scales{}", task.region.given || task.region.select ? "" : "automatic region ",
                                s.region.describe(), iterations, s.scales.size(), s.stopped_by_callback ? " (stopped early)" : "");
  outcome.status = s.stopped_by_callback ? PhotoStatus::StoppedEarly : PhotoStatus::Ok;
  outcome.kernel_cols = estimate.h.cols();
  outcome.kernel_rows = estimate.h.rows();
  outcome.kernel_support = solvers::kernel_support(estimate.h);
  outcome.seconds = seconds_since(start);
  outcome.line = fmt::format("wrote {} ({}); kernel {}x{}{}; {:.1f} s", task.output, describe_image(result),
                             estimate.h.cols(), estimate.h.rows(), how, outcome.seconds);
  if (preview) task.monitor->keep_result(luminance(Planes{deblurred, {}, photo.planes.depth, {}}), estimate.h);
  return outcome;
}

}  // namespace deblur::app
