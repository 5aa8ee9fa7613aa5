#include "app/kernel_io.hpp"

#include "app/atomic_write.hpp"
#include "app/errors.hpp"
#include "app/image_io.hpp"
#include "app/mat_image.hpp"
#include "solvers/kernel_projection.hpp"

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace deblur::app {
namespace {

enum class Form { Tiff, Png, Csv, Unknown };

Form form_of(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".tif" || ext == ".tiff") return Form::Tiff;
  if (ext == ".png") return Form::Png;
  if (ext == ".csv") return Form::Csv;
  return Form::Unknown;
}

Image read_csv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<float>> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream s(line);
    std::vector<float> row;
    std::string cell;
    while (s >> cell) {
      char* end = nullptr;
      const float v = std::strtof(cell.c_str(), &end);
      if (*end != '\0') throw BadInput(fmt::format("{}:{}: '{}' is not a number", path, number, cell));
      row.push_back(v);
    }
    if (row.empty()) continue;
    if (!rows.empty() && row.size() != rows.front().size())
      throw BadInput(fmt::format("{}:{}: {} values where earlier rows have {}", path, number, row.size(),
                                 rows.front().size()));
    rows.push_back(std::move(row));
  }
  Image h(static_cast<Index>(rows.size()), rows.empty() ? 0 : static_cast<Index>(rows.front().size()));
  for (Index r = 0; r < h.rows(); ++r)
    for (Index c = 0; c < h.cols(); ++c) h(r, c) = rows[r][c];
  return h;
}

// Kernels are at most 501 px a side (kernel.size): a header announcing more than 1 MP is refused unread.
constexpr double kMaxKernelMegapixels = 1.0;

Image read_picture(const std::string& path) {
  // read_image, like for photos: one error line, also when the decoder itself complains on stderr.
  cv::Mat m = read_image(path, kMaxKernelMegapixels);
  if (m.channels() == 4) cv::cvtColor(m, m, cv::COLOR_BGRA2GRAY);
  if (m.channels() == 3) cv::cvtColor(m, m, cv::COLOR_BGR2GRAY);
  m.convertTo(m, CV_32F);  // scale is irrelevant: the kernel is normalised to sum 1
  return to_image(m);
}

}  // namespace

void check_kernel_output_path(const std::string& path) {
  if (form_of(path) == Form::Unknown)
    throw BadInput(fmt::format("{}: a kernel is saved as .tiff (exact), .png (for viewing) or .csv", path));
  check_writable_target(path);
}

Image read_kernel(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw BadInput(fmt::format("{}: no such kernel file", path));
  const Form form = form_of(path);
  if (form == Form::Unknown)
    throw BadInput(fmt::format("{}: a kernel is read from .tiff, .png or .csv", path));
  Image h = form == Form::Csv ? read_csv(path) : read_picture(path);
  if (h.size() == 0) throw BadInput(fmt::format("{}: empty kernel", path));
  if (h.rows() % 2 == 0 || h.cols() % 2 == 0)
    throw BadInput(fmt::format("{}: kernel is {}x{}; its sides must be odd so that it has a centre pixel", path,
                               h.cols(), h.rows()));
  if (!h.allFinite()) throw BadInput(fmt::format("{}: kernel holds NaN or infinite values", path));
  const float peak = h.cwiseAbs().maxCoeff();
  // Rounding noise from other tools (|v| ≤ 1e-6 of the peak) is cleared; real negative weights are refused.
  if (h.minCoeff() < -1e-6f * peak)
    throw BadInput(fmt::format("{}: kernel has negative values (min {}); a blur kernel is non-negative", path,
                               h.minCoeff()));
  h = h.cwiseMax(0.0f);
  const double sum = h.cast<double>().sum();
  if (!(sum > 0)) throw BadInput(fmt::format("{}: kernel sums to zero", path));
  return solvers::normalised_kernel(h);
}

void write_kernel(const std::string& path, const Image& h) {
  const Form form = form_of(path);
  write_atomically(path, [&](const std::string& temporary) {
    if (form == Form::Csv) {
      std::ofstream out(temporary);
      for (Index r = 0; r < h.rows(); ++r)
        for (Index c = 0; c < h.cols(); ++c) out << fmt::format("{}{}", h(r, c), c + 1 < h.cols() ? "," : "\n");
      out.flush();
      return static_cast<bool>(out);
    }
    if (form == Form::Png) {
      const float peak = h.maxCoeff();
      cv::Mat view;
      as_mat(h).convertTo(view, CV_16U, peak > 0 ? 65535.0 / peak : 0.0);
      return cv::imwrite(temporary, view);
    }
    return cv::imwrite(temporary, as_mat(h).clone());
  });
}

}  // namespace deblur::app
