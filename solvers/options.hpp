#pragma once
// Options of the blind deconvolution solver (the Ceres pattern): every knob with its default and
// meaning, validate() naming each problem. describe() lists every field with its section, key,
// range and documentation — the single source that the app's TOML reader, --set, --print-config
// and assets/default.toml are derived from, so a field added here is configurable everywhere.
#include <string>
#include <variant>
#include <vector>

namespace deblur::solvers {

struct Options {
  // [kernel]
  int kernel_size = 0;             // odd kernel side in pixels; 0 = automatic (from the image size, then the support found)
  double auto_size_fraction = 0.18;  // automatic size: this fraction of the smaller side of the estimation region
  int auto_size_min = 15;          // automatic size: lower bound (px)
  int auto_size_max = 75;          // automatic size: upper bound (px)
  double auto_crop_slack = 1.5;    // automatic size: after each scale the window shrinks to this × the support found + 2 px (it never grows back)
  double auto_crop_mass = 0.9;     // automatic size: the support is the centred square holding this fraction of the mass
  double kernel_threshold = 0.05;  // after each h-step, entries below this fraction of the maximum are zeroed
  double kernel_min_component = 0.3;  // after thresholding, connected groups with less of the mass are removed; 0.3 keeps
                                      // one stroke where the clock sample grew parallel ghost copies (0.1 and 0.2 did)
  double kernel_min_component_finest = 0.1;  // the same at the finest scale, where the shape is settled: a kernel that
                                             // noise breaks into pieces keeps them (dev set 65 % → 69 % against 0.3)
  double kernel_final_threshold = 0.2;  // the returned kernel: entries below this fraction of its maximum are zeroed. The faint
                                       // haze and streaks the h-step's ridge leaves act as extra blur in the final pass (dev set,
                                       // 80 cases: 68.8 % → 71.2 %, 2 fixed, none broken; 0.16–0.24 the same)
  double kernel_salient_ratio = 1;  // h-step sees only the r·k·√(area) strongest gradients of x per direction; 0 = all
  double kernel_tikhonov = 0.3;    // γ of the h-step's ½γE‖h‖², relative to the gradient energy E = Σ_d‖∂_d x‖² of x

  // [pyramid]
  double pyramid_factor = 0.7071;  // scale ratio between pyramid levels (≈ 1/√2)
  int coarsest_kernel = 3;         // kernel side at the coarsest scale, in pixels

  // [image_step]  blind x-step: total variation by IRLS rounds from the previous x (Perrone & Favaro
  // 2014), or the L0 gradient prior by half-quadratic splitting, CG inside (Pan et al. 2014). The
  // continuation λ → λ_min drives both: tv's weight is tv_lambda·contrast·λ/lambda.
  std::string image_prior = "tv";  // "tv" or "l0" (tv: +5.0 dB on the bench vs +4.4 with l0, and steadier under small changes)
  double step_x = 1.0;           // multiplier of the exact (1/curvature) step along each CG direction; 1 = plain CG
  double lambda = 2e-3;          // L0 weight λ at the first iteration (a gradient t survives when ½βt² > λ); y is stretched to [0, 1]
  double contrast_lambda = 40;   // run.estimator "fourier": λ at the first iteration per unit of y's squared gradient RMS (noise
                                 // removed); its floor keeps the ratio lambda_min/lambda
  double lambda_min = 5e-5;      // λ floor of the continuation (2e-4 scored the same on average over nudged settings)
  double lambda_decay = 0.909;   // λ ← max(λ_min, λ·decay) after each iteration, across scales (1/1.1)
  double beta_max = 1e4;          // last splitting weight β (β starts at 2λ)
  double beta_factor = 2.5;      // β ← β·factor
  int image_cg_iterations = 3;   // CG iterations per β
  double tv_lambda = 0.8;        // prior "tv": TV weight at the first iteration per unit of y's gradient RMS (noise removed); follows λ's continuation
  double tv_epsilon = 1e-3;      // prior "tv": smoothing ε of √(t² + ε²) (y spans [0, 1])
  int tv_irls_rounds = 3;        // prior "tv": IRLS re-weightings per x-step
  int tv_cg_iterations = 16;     // prior "tv": CG iterations per re-weighting; an under-solved x blurs h (dev set, 80 cases:
                                 // 8 → 52 % success, 12–32 → 59–66 %)

  // [kernel_step]  h-step: CG on ½Σ‖h⊛∂x−∂y‖² + ½γE‖h‖², then clip negatives and rescale to Σh = 1
  double step_h = 1.0;         // multiplier of the exact (1/curvature) step along each CG direction; 1 = plain CG
  int kernel_iterations = 15;  // CG iterations per h-step; 8 or fewer ghost the clock sample's kernel into parallel strokes

  // [run]
  std::string estimator = "alternating";  // "alternating" (TV or L0 x-step and h-step by CG, hypotheses) or "fourier"
                                          // (L0 x-step and h-step in closed form, solvers/fourier_estimation.hpp). fourier
                                          // is ~3x faster but not yet better: 16 camera cases (every 5th of seeds 1, 2),
                                          // score.py, 62 % success, median ratio 1.64, -0.08 dB, 3 cases 3-5 dB below input,
                                          // against 62 %, 1.31, +1.05 dB for alternating on linear-light input (69 %, 1.72,
                                          // +0.67 dB before input linearisation). Those
                                          // figures used image_step.beta_max=1e5, beta_factor=2, lambda_min=5e-5,
                                          // kernel.tikhonov=0.005, min_component=0.1, final_threshold=0.05,
                                          // kernel_step.iterations=20 (the defaults here are the alternating one's)
  int iterations = 5;             // outer (x-step, h-step) iterations per scale, at most
  int iterations_finest = 5;      // the same at the finest scale. 3 makes the estimation 25 % faster and keeps the dev set's
                                  // successes (3 draws each: 71.2 % vs 69.2 %, −0.02 ± 0.04 dB), but deepens its failures
                                  // (cases below the input 3.7 → 5.0 per draw) and the bench's retina (−0.5 → −2.8 dB)
  int hypotheses = 2;             // whole estimations with the TV weight nudged by ±0.0125 % steps, two at a time; the
                                  // kernel whose last x-step fits y best (lowest ½‖h⊛x − y‖²) is kept. Dev set over
                                  // every subset of six draws: 1 → 2 → 3 give 69.6 → 72.6 → 74.0 % success and
                                  // 1 → 1.4 → 2.3× the time on 2 cores. The callback follows the first: its Stop ends
                                  // them all, but once the first has finished the others run to their end
  double tolerance = 1e-3;        // stop a scale when ‖h − h_prev‖/‖h‖ falls below this
  int max_estimation_side = 512;  // the kernel is estimated on a window at most this large (px)
  std::string estimation_region = "edges";  // where that window is when none is given: "edges" (most strong gradients away from clipped lights) or "centre"
  int threads = 0;                // worker threads; 0 = all cores
  int parallel_min_side = 512;    // images with both sides below this get no threads inside their transforms and loops (threading
                                  // small FFTs costs more than it gains); the h-step's two directions still run at once

  // [final]  non-blind pass (solvers/nonblind.hpp): ADMM on ½‖M(h⊛x−y)‖² + λ Σ ρ(|∇x|) at full resolution
  double final_lambda = 4e-4;      // λ for a photo with noise σ = 1 % (σ: core/image_statistics' estimate)
  double final_lambda_exponent = 1.5;  // λ = lambda·(σ/1 %)^exponent (best λ per noise level on the dev set: 1.5 fits 0.2–2 %)
  double final_estimated_kernel_lambda = 1e-3;  // λ floor with an estimated kernel (σ = 1.8 %'s λ): dev set seed 1, 21 blind cases: +3.07 dB and 2 below −0.5 dB, against +2.86 dB and 4 without
  double final_noise_floor = 1e-3;  // σ below this counts as this (8-bit quantisation alone is 0.0011)
  double final_flat_gradient_rms = 0.024;  // a photo flatter than this (b: its signal gradient RMS, noise removed, mean over the
                                           // channels) gets λ × this/b before the floor: the noise rule fits textured photos and
                                           // left the bench's cell and retina 4.9 / 1.3 dB below their input with the true
                                           // kernel (now +6.4 / +6.1 dB). 0.024 is the dev set's median b; 0 turns this off
  double final_p = 1;              // exponent p of ρ(t) = (t² + ε²)^{p/2}. 1 (total variation) beats the hyper-Laplacian 0.8
                                   // on the dev set, 80 cases, in every kind: true kernels +11.25 against +10.62 dB, estimated
                                   // ones +4.85 against +4.63 dB (with flat_gradient_rms; without it +11.23 / +4.77 dB)
  double final_epsilon = 1e-3;     // ε of ρ
  int final_iterations = 20;       // ADMM iterations (four FFTs each)
  double final_beta_data = 500;    // ADMM penalty of u = h⊛x, per unit of λ (1 for all λ: 20 iterations left stripes on noise-free photos),
                                   // divided by the data term's mean weight when a tone curve weighs it (solvers/nonblind.hpp)
  double final_beta_prior = 10;    // ADMM penalty of w = ∇x, per unit of λ
  double final_saturation = 0.99;  // y at or above this is clipped: only a lower bound on h⊛x
  double final_jpeg_noise = 0.6;   // a JPEG's quantisation error counts as noise of σ = this × its bound (the RMS error its
                                   // tables would leave if no coefficient were zero; 1.5–3.8 % for qualities 90–75), added to
                                   // the photo's own σ. Camera set seed 1, true kernels, JPEG cases: 0 → 0.1, 0.3, 0.6, 1 give
                                   // +5.08 → +5.20, +5.56, +5.73, +5.57 dB

  std::vector<std::string> validate() const;  // empty when valid; else one message per problem
};

// One configurable field. Numbers are range-checked inclusively; strings must be one of `choices`.
struct OptionField {
  std::string section;  // TOML table, e.g. "pyramid"
  std::string key;      // key in that table, e.g. "factor"
  std::string doc;      // one line: meaning and default
  std::variant<double*, int*, std::string*> value;
  double min = 0, max = 0;           // numeric range (ignored for strings)
  std::vector<std::string> choices;  // allowed strings (string fields only)
};

// Every field of `options`, in documentation order, pointing into `options`.
std::vector<OptionField> describe(Options& options);

}  // namespace deblur::solvers
