#include "app/snapshots.hpp"

#include "app/errors.hpp"
#include "app/image_io.hpp"
#include "app/kernel_io.hpp"
#include "app/mat_image.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace deblur::app {

SnapshotWriter::SnapshotWriter(const std::string& folder, int every) : folder_(folder), every_(every) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec || !std::filesystem::is_directory(folder))
    throw BadInput(fmt::format("{}: cannot create the snapshots folder: {}", folder, ec.message()));
}

void SnapshotWriter::write(const solvers::IterationInfo& i) {
  if (i.iteration % every_ != 0) return;
  const std::string stem = (std::filesystem::path(folder_) / fmt::format("scale{}_iter{:04}", i.scale, i.iteration)).string();
  cv::Mat estimate;
  cv::Mat clamped = cv::min(cv::max(as_mat(i.x), 0.0), 1.0);
  clamped.convertTo(estimate, CV_8U, 255.0);
  write_image(stem + "_estimate.png", estimate);
  write_kernel(stem + "_kernel.png", i.h);
}

}  // namespace deblur::app
