#pragma once
// Options of the blind deconvolution solver (the Ceres pattern): every knob with its default and
// meaning, validate() naming each problem. describe() lists every field with its section, key,
// range and documentation — the single source that the app's TOML reader, --set, --print-config
// and assets/default.toml are derived from, so a field added here is configurable everywhere.
#include "solvers/named_enum.hpp"

#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace deblur::solvers {

// The choices, each with its names in the order --print-config lists them.
enum class ImagePrior { Tv, L0 };  // image_step.prior
constexpr std::array<Named<ImagePrior>, 2> names(ImagePrior) { return {{{ImagePrior::L0, "l0"}, {ImagePrior::Tv, "tv"}}}; }

enum class Estimator { Alternating, Fourier };  // run.estimator
constexpr std::array<Named<Estimator>, 2> names(Estimator) {
  return {{{Estimator::Alternating, "alternating"}, {Estimator::Fourier, "fourier"}}};
}

enum class EstimationRegion { Edges, Centre };  // run.estimation_region
constexpr std::array<Named<EstimationRegion>, 2> names(EstimationRegion) {
  return {{{EstimationRegion::Edges, "edges"}, {EstimationRegion::Centre, "centre"}}};
}

struct Options {
  // [kernel]  Why each default has its value: docs/tuning.md, keyed by section.key.
  int kernel_size = 0;                       // odd kernel side in pixels; 0 = automatic (from the region's size, then the support found)
  double auto_size_fraction = 0.18;          // automatic size: the first window is this fraction of the estimation region's smaller side
  int auto_size_min = 15;                    // automatic size: lower bound (px)
  int auto_size_max = 75;                    // automatic size: upper bound (px)
  double auto_crop_slack = 1.5;              // automatic size: after each scale the window shrinks to this × the support found + 2 px
  double auto_crop_mass = 0.9;               // automatic size: the support is the centred square holding this fraction of the mass
  double kernel_threshold = 0.05;            // after each h-step, entries below this fraction of the maximum are zeroed
  double kernel_min_component = 0.3;         // after thresholding, connected groups with less of the mass are removed
  double kernel_min_component_finest = 0.1;  // the same at the finest scale
  double kernel_final_threshold = 0.1;       // entries of the returned kernel below this fraction of its maximum are zeroed
  double kernel_final_mean_threshold = 0.33; // then those below this fraction of its mass-weighted mean entry Σh²/Σh
  double kernel_salient_ratio = 1;           // the h-step sees only the r·k·√(area) strongest gradients of x per direction; 0 = all
  double kernel_clipped = 0.95;              // luminance (linear light, white 1) at or above this is clipped: out of one hypothesis' h-step fit and of the choice; above 1: none
  double kernel_tikhonov = 0.3;              // γ of the h-step's ½γE‖h‖², relative to the gradient energy E = Σ_d‖∂_d x‖² of x

  // [pyramid]
  double pyramid_factor = 0.7071;  // scale ratio between pyramid levels (≈ 1/√2)
  int coarsest_kernel = 3;         // kernel side at the coarsest scale, in pixels

  // [image_step]  blind x-step: total variation by IRLS rounds from the previous x (Perrone & Favaro
  // 2014), or the L0 gradient prior by half-quadratic splitting, CG inside (Pan et al. 2014). The
  // continuation λ → λ_min drives both: tv's weight is tv_lambda·contrast·λ/lambda.
  ImagePrior image_prior = ImagePrior::Tv;  // tv or l0
  double step_x = 1.0;             // multiplier of the exact (1/curvature) step along each CG direction; 1 = plain CG
  double lambda = 2e-3;            // L0 weight λ at the first iteration (a gradient t survives when ½βt² > λ); y is stretched to [0, 1]
  double contrast_lambda = 40;     // run.estimator "fourier": λ at the first iteration per unit of y's squared gradient RMS (noise removed)
  double lambda_min = 2e-4;        // λ floor of the continuation
  double lambda_decay = 0.909;     // λ ← max(λ_min, λ·decay) after each iteration, across scales (1/1.1)
  double beta_max = 1e4;           // last splitting weight β (β starts at 2λ)
  double beta_factor = 2.5;        // β ← β·factor
  int image_cg_iterations = 3;     // CG iterations per β
  double tv_lambda = 0.8;          // prior "tv": TV weight at the first iteration per unit of y's gradient RMS (noise removed)
  double tv_epsilon = 1e-3;        // prior "tv": smoothing ε of √(t² + ε²) (y spans [0, 1])
  int tv_irls_rounds = 3;          // prior "tv": IRLS re-weightings per x-step
  int tv_cg_iterations = 16;       // prior "tv": CG iterations per re-weighting

  // [kernel_step]  h-step: CG on ½Σ‖h⊛∂x−∂y‖² + ½γE‖h‖², then clip negatives and rescale to Σh = 1
  double step_h = 1.0;         // multiplier of the exact (1/curvature) step along each CG direction; 1 = plain CG
  int kernel_iterations = 15;  // CG iterations per h-step

  // [run]
  Estimator estimator = Estimator::Alternating;  // alternating (x- and h-steps by CG, with hypotheses) or fourier (closed-form
                                                 // steps, solvers/fourier_estimation.hpp; experimental, not yet better)
  int iterations = 5;             // outer (x-step, h-step) iterations per scale, at most
  int iterations_finest = 5;      // the same at the finest scale
  int hypotheses = 2;             // whole estimations with the TV weight nudged by ±0.0125 % steps (the second with clipped pixels out of
                                  // the h-step's fit if the window has any), two at a time; the kernel whose last x-step fits the unclipped
                                  // pixels best is kept. The callback follows the first: its Stop ends them all
  double tolerance = 1e-3;        // stop a scale when ‖h − h_prev‖/‖h‖ falls below this
  int max_estimation_side = 512;  // the kernel is estimated on a window at most this large (px)
  EstimationRegion estimation_region = EstimationRegion::Edges;  // where that window is when none is given: edges (most strong gradients away from clipped lights) or centre
  int threads = 0;                // worker threads; 0 = all cores
  int parallel_min_side = 512;    // images with both sides below this get no threads inside their transforms and loops

  // [final]  non-blind pass (solvers/nonblind.hpp): ADMM on ½‖M(h⊛x−y)‖² + λ Σ ρ(|∇x|) at full resolution
  double final_lambda = 4e-4;                   // λ for a photo with noise σ = 1 % (σ: core/image_statistics' estimate)
  double final_lambda_exponent = 1.5;           // λ = lambda·(σ/1 %)^exponent
  double final_estimated_kernel_lambda = 6e-3;  // λ floor with an estimated kernel, whose own error acts as noise
  double final_noise_floor = 1e-3;              // σ below this counts as this (8-bit quantisation alone is 0.0011)
  double final_flat_gradient_rms = 0.024;       // a photo flatter than this (signal gradient RMS b) gets λ × this/b; 0 = off
  double final_p = 1;                           // exponent p of ρ(t) = (t² + ε²)^{p/2} (1: total variation)
  double final_epsilon = 1e-3;                  // ε of ρ
  int final_iterations = 20;                    // ADMM iterations (four FFTs each)
  double final_beta_data = 500;                 // ADMM penalty of u = h⊛x, per unit of λ (divided by the data term's mean
                                                // weight when a tone curve weighs it)
  double final_beta_prior = 10;                 // ADMM penalty of w = ∇x, per unit of λ
  double final_saturation = 0.99;               // y at or above this is clipped: only a lower bound on h⊛x
  double final_jpeg_noise = 0.6;                // a JPEG's quantisation error counts as noise of σ = this × the bound its
                                                // tables set, added to the photo's own σ

  std::vector<std::string> validate() const;  // empty when valid; else one message per problem
};

// An enum field seen through its names, so that one OptionField serves every enum.
struct EnumValue {
  std::vector<std::string> names;                // the choices, in their table's order
  std::function<std::string()> get;              // the current value's name (empty outside the table)
  std::function<bool(const std::string&)> set;   // false, and no change, for a name not in `names`
};

template <NamedEnum E>
EnumValue enum_value(E& e) {
  EnumValue v;
  for (const Named<E>& n : names(E{})) v.names.emplace_back(n.name);
  v.get = [&e] { return std::string(to_string(e)); };
  v.set = [&e](const std::string& name) {
    const std::optional<E> parsed = parse<E>(name);
    if (parsed) e = *parsed;
    return parsed.has_value();
  };
  return v;
}

// One configurable field. Numbers are range-checked inclusively; an enum takes one of its names.
struct OptionField {
  std::string section;  // TOML table, e.g. "pyramid"
  std::string key;      // key in that table, e.g. "factor"
  std::string doc;      // one line: meaning and default
  std::variant<double*, int*, EnumValue> value;
  double min = 0, max = 0;  // numeric range (ignored for enums)
};

// Every field of `options`, in documentation order, pointing into `options`.
std::vector<OptionField> describe(Options& options);

}  // namespace deblur::solvers
