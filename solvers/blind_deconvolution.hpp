#pragma once
// Blind deconvolution: estimate the kernel h and sharp image x from y = h ⊛ x + noise (valid model),
// by projected alternating descent, coarse to fine, followed by a non-blind pass.
#include "core/image.hpp"
#include "core/tone_curve.hpp"
#include "solvers/estimation_region.hpp"
#include "solvers/named_enum.hpp"
#include "solvers/options.hpp"

#include <functional>
#include <string>
#include <vector>

namespace deblur::solvers {

// What the per-iteration callback sees. References are valid only during the call.
struct IterationInfo {
  int scale = 0, num_scales = 0;  // 0 = coarsest
  int iteration = 0;              // within the scale
  const Image& x;                 // current sharp estimate at this scale (valid model: larger than y). The last
                                  // scale's last iteration has no x-step: it shows the x (and data and prior
                                  // terms) its h-step worked from
  const Image& h;                 // current kernel at this scale
  double data_term = 0, prior_term = 0;
  double step_x = 0, step_h = 0;
  double kernel_change = 0;  // ‖h − h_prev‖ / ‖h‖
  double seconds = 0;        // since the solve started
};

enum class CallbackResult { Continue, Stop };  // Stop: finish with the current estimate
using IterationCallback = std::function<CallbackResult(const IterationInfo&)>;

// Why a scale ended.
enum class StopReason { IterationBudget, Converged, Callback };
constexpr std::array<Named<StopReason>, 3> names(StopReason) {
  return {{{StopReason::IterationBudget, "iteration budget"},
           {StopReason::Converged, "converged (kernel change below tolerance)"},
           {StopReason::Callback, "stopped by callback"}}};
}

struct ScaleSummary {
  int scale = 0, kernel_size = 0, iterations = 0;
  Index rows = 0, cols = 0;
  double objective_start = 0, objective_end = 0;
  StopReason stop_reason = StopReason::IterationBudget;
  int kernel_support = 0;  // side of the smallest centred square holding the kernel's mass
  double seconds = 0;
};

struct Summary {
  std::vector<ScaleSummary> scales;
  int kernel_size = 0;     // size used (given or automatic)
  int kernel_support = 0;  // support found at full scale
  Region region;           // where in y the kernel was estimated
  bool stopped_by_callback = false;
  int hypothesis = 0;                          // the one kept (run.hypotheses); its scales are the ones above
  std::vector<double> hypothesis_data_terms;   // each hypothesis' last ½‖h⊛x − y‖², the rule that chose
  double seconds_estimation = 0, seconds_final = 0;
  std::string brief_report() const;
  std::string full_report() const;
};

struct KernelEstimate {
  Image h;        // k×k, h ≥ 0, Σh = 1
  Summary summary;
};

// Estimates the kernel from a grey (luminance) image y in [0, 1], on `region` of y if given (else the
// automatic window, see estimation_region.hpp). Throws InvalidInput for bad options or shapes (kernel
// larger than the image, region outside it or smaller than 3 kernels, NaN).
KernelEstimate estimate_kernel(const Image& y, const Options& options, const IterationCallback& callback = {},
                               const std::optional<Region>& region = {});

// Where the non-blind pass's kernel comes from. An estimate's own error acts as noise that y's noise
// level does not show, so its λ has a floor (final.estimated_kernel_lambda); a given kernel is trusted.
enum class KernelSource { Given, Estimated };

// Non-blind deconvolution of a photo's planes (one for grey, three for colour) with a known kernel,
// all with the same weights (solvers/nonblind.hpp); returns images of the planes' size. The planes are
// linear light, stored in the file through `curve` (the weights are measured there), with JPEG's
// quantisation error bounded by `quantisation_rms` (0 for a lossless file).
std::vector<Image> deconvolve(const std::vector<Image>& planes, const Image& h, const Options& options, KernelSource source,
                              const ToneCurve& curve = {}, double quantisation_rms = 0);

}  // namespace deblur::solvers
