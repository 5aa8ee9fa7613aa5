#include "app/image_io.hpp"

#include "app/atomic_write.hpp"
#include "app/errors.hpp"
#include "app/stderr_lock.hpp"
#include "app/image_header.hpp"
#include "app/webp_quality.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace deblur::app {
namespace {

namespace fs = std::filesystem;

std::string lower_extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

// What each output format can hold.
struct Format {
  std::vector<std::string> extensions;
  const char* name;
  std::vector<int> depths;  // first = fallback
  bool alpha, colour, grey;
};

const std::vector<Format>& formats() {
  static const std::vector<Format> all = {
      {{".png"}, "PNG", {CV_16U, CV_8U}, true, true, true},
      {{".jpg", ".jpeg", ".jpe"}, "JPEG", {CV_8U}, false, true, true},
      {{".tif", ".tiff"}, "TIFF", {CV_16U, CV_8U, CV_32F}, true, true, true},
      {{".bmp"}, "BMP", {CV_8U}, false, true, true},
      {{".webp"}, "WebP", {CV_8U}, true, true, false},
      {{".pgm"}, "PGM", {CV_16U, CV_8U}, false, false, true},
      {{".ppm"}, "PPM", {CV_16U, CV_8U}, false, true, false},
      {{".pnm"}, "PNM", {CV_16U, CV_8U}, false, true, true},
  };
  return all;
}

const Format* format_of(const std::string& path) {
  const std::string ext = lower_extension(path);
  for (const Format& f : formats())
    if (std::find(f.extensions.begin(), f.extensions.end(), ext) != f.extensions.end()) return &f;
  return nullptr;
}

const char* depth_name(int depth) {
  return depth == CV_8U ? "8-bit" : depth == CV_16U ? "16-bit" : depth == CV_32F ? "32-bit float" : "other";
}

// Runs `decode` with the process's stderr captured (libpng and libtiff print their complaints there);
// returns what was printed, first line only.
template <class F>
std::string with_stderr_captured(F&& decode) {
  std::lock_guard lock(StderrLock::mutex());
  std::fflush(stderr);
  std::FILE* sink = std::tmpfile();
  const int saved = dup(2);
  if (sink && saved >= 0) dup2(fileno(sink), 2);
  decode();
  std::string text;
  if (sink && saved >= 0) {
    std::fflush(stderr);
    dup2(saved, 2);
    std::rewind(sink);
    char line[512] = {};
    if (std::fgets(line, sizeof line, sink)) text = line;
  }
  if (saved >= 0) close(saved);
  if (sink) std::fclose(sink);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

bool is_jpeg(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[2] = {};
  in.read(reinterpret_cast<char*>(magic), 2);
  return magic[0] == 0xFF && magic[1] == 0xD8;
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec)) return true;
  return fs::weakly_canonical(fs::absolute(a), ec) == fs::weakly_canonical(fs::absolute(b), ec);
}

cv::Mat read_image(const std::string& path, double max_megapixels) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw BadInput(fmt::format("{}: no such file", path));
  if (fs::is_directory(path, ec)) throw BadInput(fmt::format("{}: is a folder, not an image", path));
  if (std::ifstream probe(path, std::ios::binary); !probe)
    throw BadInput(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  if (fs::file_size(path, ec) == 0) throw BadInput(fmt::format("{}: empty file", path));
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
  if (!cv::haveImageReader(path))
    throw BadInput(fmt::format("{}: not an image in a format deblur reads (PNG, JPEG, TIFF, BMP, WebP, PNM)", path));

  const auto size = read_image_size(path);
  if (size) {
    const double megapixels = static_cast<double>(size->width) * static_cast<double>(size->height) / 1e6;
    if (size->width == 0 || size->height == 0)
      throw BadInput(fmt::format("{}: header gives an empty image ({}x{})", path, size->width, size->height));
    if (megapixels > max_megapixels)
      throw BadInput(fmt::format("{}: {}x{} is {} megapixels, above the limit of {} (input.max_megapixels)",
                                 path, size->width, size->height, megapixels, max_megapixels));
  }

  cv::Mat image;
  std::string exception;
  const std::string complaint = with_stderr_captured([&] {
    try {
      // JPEG holds no alpha, so it can be read with its EXIF orientation applied (as viewers show it);
      // IMREAD_UNCHANGED, needed for alpha elsewhere, ignores the orientation.
      image = cv::imread(path, is_jpeg(path) ? cv::IMREAD_ANYCOLOR | cv::IMREAD_ANYDEPTH : cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
      exception = e.err;
    }
  });
  if (image.empty()) {
    std::string reason = !exception.empty() ? exception : !complaint.empty() ? complaint : "cannot be decoded";
    throw BadInput(fmt::format("{}: corrupt or truncated image ({})", path, reason));
  }
  if (!size && static_cast<double>(image.total()) / 1e6 > max_megapixels)
    throw BadInput(fmt::format("{}: {}x{} is above the limit of {} megapixels (input.max_megapixels)", path,
                               image.cols, image.rows, max_megapixels));
  if (image.depth() == CV_64F) image.convertTo(image, CV_32F);
  if (image.depth() != CV_8U && image.depth() != CV_16U && image.depth() != CV_32F)
    throw BadInput(fmt::format("{}: unsupported pixel type (only 8/16-bit integer and float)", path));
  // OpenCV gives grey + alpha as 4 channels; anything else (e.g. multi-sample TIFF) is refused.
  if (image.channels() != 1 && image.channels() != 3 && image.channels() != 4)
    throw BadInput(fmt::format("{}: {} channels (only grey, colour, colour + alpha)", path, image.channels()));
  if (image.depth() == CV_32F && !cv::checkRange(image))
    throw BadInput(fmt::format("{}: holds NaN or infinite values", path));
  return image;
}

void check_output_path(const std::string& input, const std::string& output) {
  if (!format_of(output))
    throw BadInput(fmt::format("{}: unknown output format '{}'; use .png, .jpg, .tif, .bmp, .webp, .pgm, .ppm or .pnm",
                               output, fs::path(output).extension().string()));
  if (same_file(input, output))
    throw BadInput(fmt::format("{}: output is the input file; choose another name so the original is kept", output));
  check_writable_target(output);
}

cv::Mat fit_to_format(const cv::Mat& image, const std::string& path, std::vector<std::string>& warnings) {
  const Format* f = format_of(path);
  CV_Assert(f != nullptr);
  cv::Mat out = image;
  if (out.channels() == 4 && !f->alpha) {
    warnings.push_back(fmt::format("{} has no alpha channel: alpha dropped", f->name));
    cv::cvtColor(out, out, cv::COLOR_BGRA2BGR);
  }
  if (out.channels() >= 3 && !f->colour) {
    warnings.push_back(fmt::format("{} holds grey only: colour converted to grey", f->name));
    cv::cvtColor(out, out, out.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
  }
  if (out.channels() == 1 && !f->grey) cv::cvtColor(out, out, cv::COLOR_GRAY2BGR);  // no loss
  const int depth = out.depth();
  if (std::find(f->depths.begin(), f->depths.end(), depth) == f->depths.end()) {
    const int to = f->depths.front();
    warnings.push_back(fmt::format("{} holds no {} pixels: writing {}", f->name, depth_name(depth), depth_name(to)));
    const double scale = (to == CV_8U ? 255.0 : 65535.0) / (depth == CV_8U ? 255.0 : depth == CV_16U ? 65535.0 : 1.0);
    out.convertTo(out, to, scale);
  }
  return out;
}

void write_image(const std::string& path, const cv::Mat& image, const std::string& like) {
  std::vector<int> params;
  const std::string ext = lower_extension(path);
  // OpenCV writes colour float TIFF as LogLuv by default: lossy, and few readers know it.
  if (image.depth() == CV_32F && (ext == ".tif" || ext == ".tiff")) params = {cv::IMWRITE_TIFF_COMPRESSION, 1};
  if (ext == ".webp" && !like.empty()) {
    if (const std::optional<int> quality = lossy_webp_quality(like)) {
      const int q = std::clamp(*quality, 1, 100);
      spdlog::info("{}: lossy WebP at quality {}, like {}", path, q, like);
      params = {cv::IMWRITE_WEBP_QUALITY, q};  // 100 and above would mean lossless
    }
  }
  write_atomically(path, [&](const std::string& temporary) {
    bool written = false;
    int error = 0;
    // The encoders' own complaints (libpng on a full disk) are replaced by write_atomically's one line.
    with_stderr_captured([&] {
      try {
        written = cv::imwrite(temporary, image, params);
      } catch (const cv::Exception&) {
        written = false;
      }
      error = errno;
    });
    errno = error;
    return written;
  });
}

}  // namespace deblur::app
