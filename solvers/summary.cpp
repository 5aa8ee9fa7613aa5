#include "solvers/blind_deconvolution.hpp"

#include <cstdio>

namespace deblur::solvers {

std::string Summary::brief_report() const {
  int iterations = 0;
  for (const ScaleSummary& s : scales) iterations += s.iterations;
  char kept[64] = "";
  if (hypothesis_data_terms.size() > 1)
    std::snprintf(kept, sizeof kept, ", hypothesis %d of %zu kept", hypothesis + 1, hypothesis_data_terms.size());
  char line[320];
  // The window is the size the estimation ran at; the kernel returned may be cropped to the support.
  std::snprintf(line, sizeof line, "window %dx%d (support %dx%d), %zu scales, %d iterations%s, %.2f s estimation + %.2f s final%s",
                kernel_size, kernel_size, kernel_support, kernel_support, scales.size(), iterations, kept, seconds_estimation,
                seconds_final, stopped_by_callback ? ", stopped by callback" : "");
  return line;
}

std::string Summary::full_report() const {
  // Sizes width×height, as everywhere else.
  std::string r = "scale  size      window  iters  objective start -> end      support  seconds  stop\n";
  for (const ScaleSummary& s : scales) {
    char line[256];
    std::snprintf(line, sizeof line, "%5d  %4ldx%-4ld %6d  %5d  %12.5g -> %-12.5g  %7d  %7.2f  %s\n", s.scale,
                  static_cast<long>(s.cols), static_cast<long>(s.rows), s.kernel_size, s.iterations, s.objective_start,
                  s.objective_end, s.kernel_support, s.seconds, std::string(to_string(s.stop_reason)).c_str());
    r += line;
  }
  return r + brief_report() + "\n";
}

}  // namespace deblur::solvers
