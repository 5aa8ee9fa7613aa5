// The blind estimation driver: coarse to fine over the pyramid, alternating the x-step and the h-step
// at each scale, with kernel clean-up (threshold, re-centring) after each h-step.
#include "solvers/blind_deconvolution.hpp"
#include "solvers/callback.hpp"
#include "solvers/data_term_options.hpp"
#include "solvers/edge_selection.hpp"
#include "solvers/fourier_estimation.hpp"
#include "solvers/image_step.hpp"
#include "solvers/kernel_projection.hpp"
#include "solvers/kernel_step.hpp"
#include "solvers/pyramid.hpp"

#include "core/image_statistics.hpp"
#include "core/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace deblur::solvers {
namespace {

// y stretched to span [0, 1]: the kernel does not change under an affine map of intensities, but the
// L0 threshold and the kernel ridge are absolute, so this makes them mean the same on a dim, flat
// photo as on a contrasty one.
Image stretch_to_unit_range(const Image& y) {
  const float lo = y.minCoeff(), hi = y.maxCoeff();
  if (hi <= lo) return y;
  return ((y.array() - lo) / (hi - lo)).matrix();
}

int automatic_kernel_size(const Image& y, const Options& o) {
  const double side = static_cast<double>(std::min(std::min(y.rows(), y.cols()), static_cast<Index>(o.max_estimation_side)));
  int k = static_cast<int>(std::lround(o.auto_size_fraction * side)) | 1;
  k = std::clamp(k, o.auto_size_min | 1, o.auto_size_max | 1);
  return std::min<int>(k, static_cast<int>(std::min(y.rows(), y.cols()) - 1) | 1);
}

// A 3×3-or-larger start: the binomial blur [1 2 1]ᵀ[1 2 1]/16 in the centre (just wider than a delta).
Image initial_kernel(int k) {
  Image h = Image::Zero(k, k);
  if (k < 3) {
    h(k / 2, k / 2) = 1;
    return h;
  }
  const float w[3] = {1, 2, 1};
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) h(k / 2 - 1 + a, k / 2 - 1 + b) = w[a] * w[b] / 16;
  return h;
}

// The blind x-step at the continuation's current λ. TV keeps x from the previous step and re-weights.
// Its weight scales with y's contrast (signal gradient RMS): ½‖h⊛x−y‖² grows as contrast² and
// TV(x) as contrast, so the same solution needs λ ∝ contrast — a photo's range (which one bright
// spot sets) says little about that. Its objective is reported as data + λ·TV with λ on L0's scale,
// so the curve stays comparable.
ImageStepResult blind_image_step(DataTerm& data, Image& x, double lambda, double contrast, const Options& o) {
  if (o.image_prior == ImagePrior::Tv) {
    const ImageStepSettings s = tv_image_step_settings(o, lambda, contrast);
    ImageStepResult r = image_step(data, x, s);
    r.prior_term *= s.lambda / lambda;
    return r;
  }
  return sharp_image_step(data, x, sharp_image_settings(o, lambda));
}

// The hypotheses' TV weights differ by this relative step: the alternation is chaotic, and a nudge
// this small already sends 10–20 % of the dev set's kernels elsewhere, without changing the model.
constexpr double kHypothesisStep = 1.25e-4;

// One coarse-to-fine run's settings: its TV weight's factor, and whether the h-step leaves the clipped
// pixels out of its fit.
struct Hypothesis {
  double tv_factor = 1;
  bool clipped_out = false;
};

// Hypothesis i: TV weight factors 1, 1 + δ, 1 − δ, 1 + 2δ, … (δ = kHypothesisStep). When the window
// has clipped pixels, hypothesis 1 instead repeats hypothesis 0 with them out of the h-step's fit and
// the rest take the nudges after it: leaving them out wins big on white paper and clipped lights, but
// sends some photos elsewhere (camera set, every case with them out: +1.03 → +1.00 dB, 5 → 10 cases
// below −0.5 dB; as a hypothesis: +1.13 dB, 4 cases).
Hypothesis hypothesis(int i, bool clipped) {
  if (clipped && i == 1) return {1, true};
  const int j = clipped && i > 1 ? i - 1 : i;
  const int steps = (j + 1) / 2;
  return {1 + (j % 2 == 1 ? 1 : -1) * steps * kHypothesisStep, false};
}

// One coarse-to-fine run on the estimation window y (stretched). `data_term` is its last x-step's
// ½‖M(h⊛x − y)‖² at the finest scale, M leaving out the clipped pixels: how well the pair it ends with
// explains y where y says what h⊛x is. It stops early when the callback says so, or once `stop` is set.
struct Trajectory {
  KernelEstimate estimate;
  double data_term = 0;
};

// 1 where the h-step may fit y at a scale of rows×cols: no clipped pixel (`clipped` is 1 there, at
// full resolution) within one pixel, since shrinking and the difference operators spread it.
Image kept_pixels(const Image& clipped, Index rows, Index cols) {
  Image keep = Image::Ones(rows, cols);
  if (clipped.size() == 0 || clipped.maxCoeff() == 0) return keep;
  const Image c = resize(clipped, rows, cols);
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < cols; ++j)
      if (c(i, j) > 0)
        keep.block(std::max<Index>(0, i - 1), std::max<Index>(0, j - 1), std::min<Index>(i + 2, rows) - std::max<Index>(0, i - 1),
                   std::min<Index>(j + 2, cols) - std::max<Index>(0, j - 1))
            .setZero();
  return keep;
}

Trajectory run_scales(const Image& y, const Image& clipped, int k, double contrast, Options options, Hypothesis hypothesis,
                      const IterationCallback& callback, std::atomic<bool>& stop, Clock::time_point start) {
  options.tv_lambda *= hypothesis.tv_factor;
  const bool any_clipped = clipped.size() != 0 && clipped.maxCoeff() > 0;
  const std::vector<Scale> scales = plan_scales(y.rows(), y.cols(), k, options.pyramid_factor, options.coarsest_kernel);
  Trajectory t;
  Summary& summary = t.estimate.summary;
  summary.kernel_size = k;
  Image x, h;
  double window = k;  // the kernel window at full resolution; automatic size narrows it between scales
  double lambda = options.lambda;  // decays across iterations and scales (Pan et al.'s continuation)
  for (std::size_t si = 0; si < scales.size() && !stop; ++si) {
    const Scale& sc = scales[si];
    const bool finest = si + 1 == scales.size();
    const int iterations = finest ? options.iterations_finest : options.iterations;
    const auto scale_start = Clock::now();
    const Image ys = resize(y, sc.rows, sc.cols);
    const int ks = std::min(sc.kernel_size, odd_at_least(window * sc.ratio, 3));
    // The first h-step of a scale works from the previous scale's image, enlarged.
    h = si == 0 ? initial_kernel(ks) : resize_kernel(h, ks);
    x = si == 0 ? initial_image(ys, ks) : resize(x, sc.rows + ks - 1, sc.cols + ks - 1);
    const DataTermOptions data_options = data_term_options(options, sc.rows, sc.cols);
    DataTerm data(ys, ks, ks, data_options);
    KernelStep kernel_step(ys, ks, kernel_step_settings(options), data_term_options(options, sc.rows, sc.cols, 2));
    // Clipped pixels say only that h ⊛ x reached the top: left out, they no longer pull h towards the
    // narrow footprint a clipped light leaves. The x-step keeps them: leaving them out there as well
    // measured worse, and so did taking a pixel as clipped when any one colour plane is.
    if (hypothesis.clipped_out) kernel_step.set_observation_mask(kept_pixels(clipped, sc.rows, sc.cols));
    const Index edges_kept = edge_count(options.kernel_salient_ratio, ks, x.rows(), x.cols());

    ScaleSummary ss{.scale = static_cast<int>(si), .kernel_size = ks, .rows = sc.rows, .cols = sc.cols};
    ImageStepResult xr;  // the last x-step's
    for (int it = 0; it < iterations; ++it) {
      if (stop) break;  // the first hypothesis' callback said stop: this run is thrown away
      const Image h_previous = h;
      const EdgeGradients edges = select_edges(x, edges_kept);
      kernel_step.set_gradients(edges.cols, edges.rows);
      const KernelStepResult hr = kernel_step.run(h);
      threshold_kernel(h, options.kernel_threshold);
      remove_small_components(h, finest ? options.kernel_min_component_finest : options.kernel_min_component);
      if (const Shift s = centring_shift(h); s.rows != 0 || s.cols != 0) {
        h = shift_kernel(h, s);
        threshold_kernel(h, 0);  // renormalise what left the window
      }

      const double change = (h - h_previous).norm() / std::max(1e-12f, h.norm());
      // The kernel is the result, so an x-step after the last scale's last h-step would be thrown
      // away (one of that scale's five by default): that iteration reports the x its h-step worked from.
      const bool last_h_step =
          finest && it > 0 && (it + 1 == iterations || change < options.tolerance);
      if (!last_h_step) {
        data.set_kernel(h);
        xr = blind_image_step(data, x, lambda, contrast, options);
        ss.objective_end = xr.data_term + lambda * xr.prior_term;
        if (it == 0) ss.objective_start = ss.objective_end;
      }
      ss.iterations = it + 1;
      const IterationInfo info{static_cast<int>(si), static_cast<int>(scales.size()), it, x, h, xr.data_term,
                               xr.prior_term, xr.mean_step, hr.mean_step, change, seconds_since(start)};
      if (callback_stops(callback, info, ss, summary)) {
        stop = true;
        break;
      }
      if (change < options.tolerance) {
        ss.stop_reason = StopReason::Converged;
        break;
      }
      lambda = std::max(options.lambda_min, lambda * options.lambda_decay);
    }
    t.data_term = xr.data_term;
    if (finest && any_clipped) {
      data.set_observation_mask(kept_pixels(clipped, sc.rows, sc.cols));
      t.data_term = data.value();
    }
    ss.kernel_support = kernel_support(h);
    // Automatic size: a window much wider than the support found only adds noise to the h-step, so
    // the next scales continue on a window cropped around the support (x cropped to match).
    if (options.kernel_size == 0 && si + 1 < scales.size()) {
      const int c = odd_at_least(options.auto_crop_slack * kernel_mass_support(h, options.auto_crop_mass) + 2, 3);
      if (c < ks) {
        const Index b = (ks - c) / 2;
        h = crop_kernel(h, c);
        x = Image(x.block(b, b, x.rows() - 2 * b, x.cols() - 2 * b));
        window = c / sc.ratio;
      }
    }
    ss.seconds = seconds_since(scale_start);
    summary.scales.push_back(ss);
  }
  // Stopped before its first scale (the first hypothesis' callback said stop while this one was
  // starting): it has no kernel, and a stopped solve keeps the first hypothesis' anyway.
  if (h.size() == 0) return t;
  // At full resolution (it may have stopped early at a coarse scale), cut and cropped.
  FinishedKernel finished = finished_kernel(std::move(h), std::min(k, odd_at_least(window, 3)), options);
  summary.kernel_support = finished.support;
  t.estimate.h = std::move(finished.h);
  return t;
}

}  // namespace

KernelEstimate estimate_kernel(const Image& y_full, const Options& options, const IterationCallback& callback,
                               const std::optional<Region>& given_region) {
  if (const auto problems = options.validate(); !problems.empty()) {
    std::string all = "invalid options: " + problems.front();
    for (std::size_t i = 1; i < problems.size(); ++i) all += "; " + problems[i];
    throw InvalidInput(all);
  }
  require_finite(y_full, "image");
  const auto start = Clock::now();
  const int k = options.kernel_size > 0 ? options.kernel_size : automatic_kernel_size(y_full, options);
  if (k > y_full.rows() || k > y_full.cols())
    throw InvalidInput("kernel " + std::to_string(k) + "x" + std::to_string(k) + " is larger than image " +
                       shape_string(y_full));
  const Region region = estimation_region(y_full, options, k, given_region);
  const Image y = stretch_to_unit_range(y_full.block(region.row, region.col, region.rows, region.cols));
  const Image clipped = (y_full.block(region.row, region.col, region.rows, region.cols).array() >=
                         static_cast<float>(options.kernel_clipped)).cast<float>();
  // y's contrast, the noise's share removed (noise inflates raw gradients most on flat, noisy photos);
  // the floor only keeps a pure-noise input from a zero weight.
  const double contrast = std::max(1e-3, signal_gradient_rms(y, noise_sigma(y)));
  if (options.estimator == Estimator::Fourier) {
    KernelEstimate estimate = estimate_kernel_fourier(y, k, contrast, options, callback);
    estimate.summary.region = region;
    estimate.summary.seconds_estimation = seconds_since(start);
    return estimate;
  }

  // Hypothesis 0 runs on this thread and alone reports to the callback (a preview window must be
  // served from the thread that made it); then this thread and a pool thread take the others in turn,
  // one thread each, except that an odd last one runs alone afterwards on every thread. Each has the
  // same bits on any thread count, so the choice does not depend on it either.
  const int n = options.hypotheses, threads = resolve_threads(options.threads);
  const int paired = n > 1 && n % 2 == 1 && threads > 1 ? n - 1 : n;
  std::vector<Trajectory> runs(static_cast<std::size_t>(n));
  std::atomic<bool> stop{false};
  std::atomic<int> next{1};
  const auto run = [&](int i, const IterationCallback& report) {
    runs[static_cast<std::size_t>(i)] =
        run_scales(y, clipped, k, contrast, options, hypothesis(i, clipped.maxCoeff() > 0), report, stop, start);
  };
  const auto run_rest = [&] {
    for (int i = next++; i < paired && !stop; i = next++) run(i, {});
  };
  parallel_invoke(
      n > 1 ? threads : 1,
      [&] {
        run(0, callback);
        run_rest();
      },
      run_rest);
  if (paired < n && !stop) run(n - 1, {});
  // A stopped solve returns what the callback was shown.
  int best = 0;
  if (!stop)
    for (int i = 1; i < n; ++i)
      if (runs[static_cast<std::size_t>(i)].data_term < runs[static_cast<std::size_t>(best)].data_term) best = i;
  KernelEstimate estimate = std::move(runs[static_cast<std::size_t>(best)].estimate);
  Summary& summary = estimate.summary;
  summary.region = region;
  summary.hypothesis = best;
  for (const Trajectory& t : runs) summary.hypothesis_data_terms.push_back(t.data_term);
  summary.seconds_estimation = seconds_since(start);
  return estimate;
}

}  // namespace deblur::solvers
