#include "solvers/blind_deconvolution.hpp"

// Placeholder so that app/ links: a delta kernel and the identity. Replaced by the solver issue.
namespace deblur::solvers {

std::string Summary::brief_report() const { return "placeholder solver"; }
std::string Summary::full_report() const { return brief_report(); }

KernelEstimate estimate_kernel(const Image& y, const Options& options, const IterationCallback&) {
  require_finite(y, "image");
  const int k = options.kernel_size > 0 ? options.kernel_size : 3;
  if (k > y.rows() || k > y.cols())
    throw InvalidInput("kernel " + std::to_string(k) + "x" + std::to_string(k) + " is larger than image " +
                       shape_string(y));
  KernelEstimate e;
  e.h = Image::Zero(k, k);
  e.h(k / 2, k / 2) = 1;
  e.summary.kernel_size = k;
  return e;
}

Image deconvolve(const Image& y, const Image& h, const Options&) {
  require_finite(y, "image");
  require_finite(h, "kernel");
  return y;
}

}  // namespace deblur::solvers
