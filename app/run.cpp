#include "app/run.hpp"

#include "app/colour.hpp"
#include "app/atomic_write.hpp"
#include "app/config.hpp"
#include "app/display_probe.hpp"
#include "app/errors.hpp"
#include "app/image_io.hpp"
#include "app/interrupt.hpp"
#include "app/kernel_io.hpp"
#include "app/preview.hpp"
#include "app/progress.hpp"
#include "app/snapshots.hpp"
#include "app/trace.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

namespace deblur::app {
namespace {

using solvers::CallbackResult;
using solvers::IterationInfo;

constexpr Index kMinimumSide = 8;  // smaller images hold too little to estimate any blur

Settings make_settings(const CommandLine& c) {
  Settings s;
  if (!c.config.empty()) load_config_file(c.config, s);
  for (const std::string& assignment : c.sets) apply_assignment(assignment, s);
  if (c.kernel_size) s.solver.kernel_size = *c.kernel_size;
  if (c.threads) s.solver.threads = *c.threads;
  const std::vector<std::string> problems = s.solver.validate();
  if (!problems.empty()) throw BadInput(fmt::format("invalid configuration: {}", fmt::join(problems, "; ")));
  return s;
}

// Every check that can fail on the user's input, before anything is computed or written.
void check_paths(const CommandLine& c) {
  check_output_path(c.input, c.output);
  if (!c.save_kernel.empty()) {
    check_kernel_output_path(c.save_kernel);
    if (same_file(c.save_kernel, c.input) || same_file(c.save_kernel, c.output) ||
        (!c.kernel.empty() && same_file(c.save_kernel, c.kernel)))
      throw BadInput(fmt::format("{}: --save-kernel would overwrite an input or the output", c.save_kernel));
  }
  if (!c.trace.empty()) {
    check_writable_target(c.trace);
    for (const std::string& other : {c.input, c.output, c.save_kernel, c.kernel})
      if (!other.empty() && same_file(c.trace, other))
        throw BadInput(fmt::format("{}: --trace would overwrite another file of this run", c.trace));
  }
}

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

}  // namespace

void run(const CommandLine& c) {
  const auto start = std::chrono::steady_clock::now();
  install_interrupt_handlers();
  Settings settings = make_settings(c);
  if (c.print_config) {
    std::cout << print_config(settings) << std::flush;
    return;
  }
  check_paths(c);

  // The probe forks: do it before any thread exists.
  bool preview_wanted = c.preview;
  if (preview_wanted) {
    if (const std::string problem = display_problem(); !problem.empty()) {
      spdlog::warn("no preview window ({}); continuing without it", problem);
      preview_wanted = false;
    }
  }

  const cv::Mat image = read_image(c.input, settings.app.max_megapixels);
  const Planes planes = split_planes(image);
  const Image y = luminance(planes);
  std::optional<Image> given_kernel;
  if (!c.kernel.empty()) given_kernel = read_kernel(c.kernel);
  check_sizes(c.input, y, settings.solver, given_kernel ? &*given_kernel : nullptr);
  spdlog::info("{}: {}", c.input, describe_image(image));

  std::unique_ptr<SnapshotWriter> snapshots;
  if (!c.snapshots.empty()) snapshots = std::make_unique<SnapshotWriter>(c.snapshots, settings.app.snapshot_every);
  std::unique_ptr<TraceWriter> trace;
  if (!c.trace.empty()) trace = std::make_unique<TraceWriter>(c.trace);
  std::unique_ptr<Preview> preview;
  if (preview_wanted && !given_kernel) {
    const std::filesystem::path out(c.output);
    const std::string stem = (out.parent_path() / (out.stem().string() + ".preview")).string();
    preview = std::make_unique<Preview>(y, settings.app.preview_fps, stem);
  } else if (preview_wanted) {
    spdlog::warn("--preview shows the kernel estimation; with --kernel there is none");
  }
  ProgressLine progress(c.verbosity >= 0);

  const auto callback = [&](const IterationInfo& info) {
    if (trace) trace->write(info);
    if (snapshots) snapshots->write(info);
    progress.update(info);
    const CallbackResult wanted = preview ? preview->update(info) : CallbackResult::Continue;
    return stop_requested() ? CallbackResult::Stop : wanted;
  };

  solvers::KernelEstimate estimate;
  std::vector<Image> deblurred;
  try {
    if (given_kernel) {
      estimate.h = *given_kernel;
    } else {
      estimate = solvers::estimate_kernel(y, settings.solver, callback);
    }
    progress.message("final deconvolution...");
    if (preview) preview->status("final deconvolution...");
    const auto final_start = std::chrono::steady_clock::now();
    deblurred = solvers::deconvolve(planes.colour, estimate.h, settings.solver);
    estimate.summary.seconds_final = std::chrono::duration<double>(std::chrono::steady_clock::now() - final_start).count();
  } catch (const InvalidInput& e) {
    throw BadInput(fmt::format("{}: {}", c.input, e.what()));
  }
  progress.finish();

  std::vector<std::string> warnings;
  const cv::Mat result = fit_to_format(merge_planes(deblurred, planes.alpha, planes.depth), c.output, warnings);
  for (const std::string& w : warnings) spdlog::warn("{}: {}", c.output, w);
  if (!c.save_kernel.empty()) write_kernel(c.save_kernel, estimate.h);
  write_image(c.output, result);

  int iterations = 0;
  for (const solvers::ScaleSummary& s : estimate.summary.scales) iterations += s.iterations;
  const std::string how = given_kernel ? std::string(" (given)")
                                       : fmt::format("; {} iterations over {} scales{}", iterations,
                                                     estimate.summary.scales.size(),
                                                     estimate.summary.stopped_by_callback ? " (stopped early)" : "");
  if (c.verbosity >= 0)
    fmt::print(stderr, "deblur: wrote {} ({}); kernel {}x{}{}; {:.1f} s\n", c.output, describe_image(result),
               estimate.h.cols(), estimate.h.rows(), how,
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (!given_kernel) spdlog::info("{}", estimate.summary.full_report());
  if (preview)
    spdlog::info("preview: {} redraws took {:.2f} s of the run", preview->redraws(), preview->seconds_drawing());
  if (preview) preview->linger(luminance(Planes{deblurred, {}, planes.depth}), estimate.h, settings.app.preview_linger);
}

}  // namespace deblur::app
