#pragma once
// One photo of a run: read and checked, its kernel estimated on a region of it (or given), every
// colour channel deconvolved, the result written atomically.
#include "app/colour.hpp"
#include "app/monitor.hpp"
#include "app/settings.hpp"
#include "solvers/blind_deconvolution.hpp"

#include <opencv2/core.hpp>

#include <optional>
#include <string>

namespace deblur::app {

// A photo read and checked: as decoded, its colour planes in linear light and their luminance.
struct Photo {
  std::string path;
  cv::Mat image;
  Planes planes;
  Image y;
  double quantisation_rms = 0;  // a JPEG's bound on its compression error (app/jpeg_quality.hpp); 0 otherwise
};

// Reads `path` and checks its size against the kernel (`kernel` if given, else the configured size).
// Throws BadInput naming the file.
Photo load_photo(const std::string& path, const Settings& settings, const Image* kernel);

// Where the user wants the kernel estimated: automatic (neither), typed (--roi X,Y,W,H) or dragged
// in a window (--roi select).
struct RegionRequest {
  std::optional<solvers::Region> given;
  bool select = false;
};

// The kernel of `photo`, estimated on the requested region and watched by `monitor` if any (else
// only Ctrl-C stops it). Throws BadInput naming the photo for a region that does not fit it or a
// cancelled selection.
solvers::KernelEstimate estimate_photo_kernel(const Photo& photo, const solvers::Options& options,
                                              const RegionRequest& region, Monitor* monitor);

// What to do with one photo.
struct PhotoTask {
  std::string input, output;
  const Image* kernel = nullptr;  // given (--kernel, --kernel-from): no estimation on this photo
  std::string kernel_origin;      // said in the summary line when given, e.g. "given"
  solvers::KernelSource kernel_source = solvers::KernelSource::Estimated;  // Given only for --kernel
  RegionRequest region;
  std::string save_kernel;        // --save-kernel FILE, or ""
  Monitor* monitor = nullptr;     // the run's one watched estimation, or none
};

// What became of one photo, named so in its --summary row.
enum class PhotoStatus { Ok, StoppedEarly, BadInput, Failed, NotRun };
constexpr std::array<solvers::Named<PhotoStatus>, 5> names(PhotoStatus) {
  return {{{PhotoStatus::Ok, "ok"},
           {PhotoStatus::StoppedEarly, "stopped early"},
           {PhotoStatus::BadInput, "bad input"},
           {PhotoStatus::Failed, "failed"},
           {PhotoStatus::NotRun, "not run"}}};
}

// What became of one photo: its summary line and its --summary row.
struct PhotoOutcome {
  std::string input, output;
  PhotoStatus status = PhotoStatus::NotRun;
  std::string error;  // the one-line reason when it failed
  Index kernel_cols = 0, kernel_rows = 0;
  int kernel_support = 0;
  std::optional<solvers::Region> region;  // where its kernel was estimated, if on this photo
  double seconds = 0;
  std::string line;  // "wrote OUT (…); kernel …; … s"
};

// Reads, estimates (unless the task gives a kernel), deconvolves and writes one photo. Throws
// BadInput (bad file, region that does not fit) before anything is written, or RunFailure.
PhotoOutcome deblur_photo(const PhotoTask& task, const Settings& settings);

}  // namespace deblur::app
