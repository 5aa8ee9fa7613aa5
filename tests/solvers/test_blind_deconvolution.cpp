#include "core/image_statistics.hpp"
#include "solvers/blind_deconvolution.hpp"
#include "solvers/kernel_projection.hpp"
#include "synthetic.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace deblur;
using namespace deblur::solvers;

namespace {

struct Problem {
  Image x, h, y;
};

Problem synthetic() {
  Problem p;
  p.x = testing::piecewise_constant(128, 128, 60, 11);
  p.h = testing::motion_kernel(9);
  p.y = testing::blur(p.x, p.h, 0.005, 12);
  return p;
}

}  // namespace

TEST_CASE("estimate_kernel recovers a known kernel on a piecewise-constant image") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 9;
  SUBCASE("L0 prior") { o.image_prior = ImagePrior::L0; }
  SUBCASE("total-variation prior") { o.image_prior = ImagePrior::Tv; }
  CAPTURE(to_string(o.image_prior));
  const KernelEstimate e = estimate_kernel(p.y, o);
  REQUIRE(e.h.rows() == 9);
  CHECK(e.h.minCoeff() >= 0);
  CHECK(e.h.sum() == doctest::Approx(1).epsilon(1e-5));
  const Image delta = [] {
    Image d = Image::Zero(9, 9);
    d(4, 4) = 1;
    return d;
  }();
  const double error = testing::aligned_error(e.h, p.h);
  CAPTURE(error);
  CHECK(error < 0.5);
  CHECK(error < testing::aligned_error(delta, p.h) / 2);
  CHECK(!e.summary.scales.empty());
  CHECK(e.summary.full_report().find("scale") != std::string::npos);
}

TEST_CASE("on a text-like page, defaults and automatic size recover the kernel, and the result beats the input") {
  // Text is where naive MAP fails most (two tones, thin strokes), so it gets its own end-to-end check.
  constexpr int size = 13;
  const Image x = testing::text_page(200, 200, 3), h = testing::motion_kernel(size);
  const Image y = testing::blur(x, h, 0.005, 4);
  const KernelEstimate e = estimate_kernel(y, Options{});
  const Index k = e.h.rows();
  REQUIRE(k >= size);  // the automatic size may be wider than the truth, never narrower here
  Image truth = Image::Zero(k, k), delta = Image::Zero(k, k);
  truth.block((k - size) / 2, (k - size) / 2, size, size) = h;
  delta(k / 2, k / 2) = 1;
  const double error = testing::aligned_error(e.h, truth);
  CAPTURE(k);
  CAPTURE(error);
  CHECK(error < 0.3);
  CHECK(error < testing::aligned_error(delta, truth) / 4);

  // Distance to the sharp page over y's pixels less a 2 px margin, at the best shift within ±2 px (the
  // kernel's centring moves the result); y's pixel (0, 0) lies over x's ((size − 1)/2, (size − 1)/2).
  const Index margin = 2, origin = (size - 1) / 2 + margin;
  const auto distance = [&](const Image& out) {
    const Index rows = out.rows() - 2 * margin, cols = out.cols() - 2 * margin;
    double best = 1e9;
    for (Index dr = -2; dr <= 2; ++dr)
      for (Index dc = -2; dc <= 2; ++dc)
        best = std::min(best, static_cast<double>((out.block(margin, margin, rows, cols) -
                                                   x.block(origin + dr, origin + dc, rows, cols)).norm()));
    return best;
  };
  const double result = distance(deconvolve({y}, e.h, Options{}, KernelSource::Estimated).front()), input = distance(y);
  CAPTURE(result);
  CAPTURE(input);
  CHECK(result < 0.5 * input);
}

TEST_CASE("the non-blind pass with the true kernel is closer to the sharp image than the blurred input") {
  const Problem p = synthetic();
  const Image out = deconvolve({p.y}, p.h, Options{}, KernelSource::Given).front();
  REQUIRE(out.rows() == p.y.rows());
  REQUIRE(out.cols() == p.y.cols());
  const Image centre = p.x.block(4, 4, p.y.rows(), p.y.cols());
  CHECK((out - centre).norm() < 0.6 * (p.y - centre).norm());
}

TEST_CASE("on a flat photo the non-blind pass with final.flat_gradient_rms beats the noise rule alone, and the input") {
  // A few faint shapes on a smooth ground (as a cell under a microscope), noise 1 %: the noise rule's
  // λ is fitted on textured photos and leaves this one worse than its blurred input.
  Problem p;
  p.x = (0.04f * testing::piecewise_constant(128, 128, 6, 31).array() + 0.5f).matrix();
  p.h = testing::motion_kernel(9);
  p.y = testing::blur(p.x, p.h, 0.01, 32);
  const Image centre = p.x.block(4, 4, p.y.rows(), p.y.cols());
  Options o;
  REQUIRE(signal_gradient_rms(p.y, noise_sigma(p.y)) < o.final_flat_gradient_rms);
  const double with = (deconvolve({p.y}, p.h, o, KernelSource::Given).front() - centre).norm();
  o.final_flat_gradient_rms = 0;
  const double without = (deconvolve({p.y}, p.h, o, KernelSource::Given).front() - centre).norm();
  const double input = (p.y - centre).norm();
  CAPTURE(with);
  CAPTURE(without);
  CAPTURE(input);
  CHECK(with < input);
  CHECK(with < 0.8 * without);
}

TEST_CASE("the returned kernel drops the entries below kernel.final_threshold of its maximum, then below kernel.final_mean_threshold of Σh²/Σh, and only those") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 9;
  o.threads = 1;
  o.kernel_final_threshold = 0;
  o.kernel_final_mean_threshold = 0;
  const Image unclean = estimate_kernel(p.y, o).h;
  o.kernel_final_threshold = 0.2;
  const Image clean = estimate_kernel(p.y, o).h;
  const float cut = 0.2f * unclean.maxCoeff();
  // The estimate must have faint entries for this test to say anything.
  REQUIRE((unclean.array() > 0 && unclean.array() < cut).count() > 0);
  const Image kept = (unclean.array() < cut).select(0.0f, unclean);
  CHECK((clean - kept / kept.sum()).cwiseAbs().maxCoeff() < 1e-6f);
  CHECK(((clean.array() > 0) && (clean.array() < 0.2f * clean.maxCoeff())).count() == 0);

  // The second cut works on what the first kept: at 0.9 of the mean entry it takes more of it.
  o.kernel_final_mean_threshold = 0.9;
  const Image cleaner = estimate_kernel(p.y, o).h;
  const double mean_entry = kept.cast<double>().squaredNorm() / kept.cast<double>().sum();
  REQUIRE((kept.array() > 0 && kept.array() < 0.9 * mean_entry).count() > 0);
  const Image kept_twice = (kept.array() < static_cast<float>(0.9 * mean_entry)).select(0.0f, kept);
  CHECK((cleaner - kept_twice / kept_twice.sum()).cwiseAbs().maxCoeff() < 1e-6f);
}

TEST_CASE("same input and options give the same bits") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 9;
  o.threads = 1;
  const KernelEstimate a = estimate_kernel(p.y, o), b = estimate_kernel(p.y, o);
  CHECK(a.h == b.h);
  CHECK(deconvolve({p.y}, a.h, o, KernelSource::Estimated) == deconvolve({p.y}, b.h, o, KernelSource::Estimated));
}

TEST_CASE("the callback sees every iteration and can stop the solve") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 9;
  int calls = 0;
  const KernelEstimate e = estimate_kernel(p.y, o, [&](const IterationInfo& info) {
    ++calls;
    CHECK(info.h.sum() == doctest::Approx(1).epsilon(1e-5));
    return calls == 3 ? CallbackResult::Stop : CallbackResult::Continue;
  });
  CHECK(calls == 3);
  CHECK(e.summary.stopped_by_callback);
  CHECK(e.h.rows() == 9);
}

TEST_CASE("the last iteration returns its h-step's kernel and runs no x-step after it") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 9;
  o.hypotheses = 1;  // the callback follows hypothesis 0 only; another may be the one kept
  o.kernel_final_threshold = 0;
  o.kernel_final_mean_threshold = 0;
  o.tolerance = 0;  // every scale runs its full budget
  std::vector<Image> xs, hs;
  int last_scale_calls = 0;
  const KernelEstimate e = estimate_kernel(p.y, o, [&](const IterationInfo& info) {
    xs.push_back(info.x);
    hs.push_back(info.h);
    if (info.scale + 1 == info.num_scales) ++last_scale_calls;
    return CallbackResult::Continue;
  });
  REQUIRE(last_scale_calls == o.iterations_finest);
  REQUIRE(xs.size() >= 3);
  const std::size_t last = xs.size() - 1;
  CHECK(xs[last - 1] != xs[last - 2]);  // the iterations before it do update x
  CHECK(xs[last] == xs[last - 1]);      // the last one shows the x its h-step worked from
  CHECK(hs[last] != hs[last - 1]);
  CHECK(e.h.isApprox(normalised_kernel(hs[last]), 1e-6f));
}

TEST_CASE("run.iterations_finest sets the finest scale's budget and leaves the coarser scales alone") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 9;
  o.tolerance = 0;  // every scale runs its full budget
  o.iterations = 4;
  const auto run = [&](int finest_budget, Summary& summary) {
    o.iterations_finest = finest_budget;
    std::vector<std::pair<int, Image>> xs;  // (scale, x) per iteration
    summary = estimate_kernel(p.y, o, [&](const IterationInfo& info) {
                xs.emplace_back(info.scale, info.x);
                return CallbackResult::Continue;
              }).summary;
    return xs;
  };
  Summary same, cut;
  const auto xs_same = run(4, same), xs_cut = run(2, cut);
  REQUIRE(cut.scales.size() == same.scales.size());
  REQUIRE(cut.scales.size() >= 2);
  for (std::size_t i = 0; i + 1 < cut.scales.size(); ++i) CHECK(cut.scales[i].iterations == 4);
  CHECK(same.scales.back().iterations == 4);
  CHECK(cut.scales.back().iterations == 2);
  const int finest = static_cast<int>(cut.scales.size()) - 1;
  std::size_t coarser = 0;
  while (coarser < xs_same.size() && xs_same[coarser].first < finest) ++coarser;
  REQUIRE(xs_cut.size() == coarser + 2);
  for (std::size_t i = 0; i < coarser; ++i) CHECK(xs_cut[i].second == xs_same[i].second);  // the same bits
  CHECK(xs_cut[coarser].second == xs_same[coarser].second);  // the finest scale starts the same way
}

TEST_CASE("bad input is rejected with InvalidInput") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 201;
  CHECK_THROWS_AS(estimate_kernel(p.y, o), InvalidInput);
  o.kernel_size = 8;
  CHECK_THROWS_AS(estimate_kernel(p.y, o), InvalidInput);
  Image nan = p.y;
  nan(3, 3) = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_AS(estimate_kernel(nan, Options{}), InvalidInput);
  CHECK_THROWS_AS(deconvolve({p.y}, Image::Ones(4, 4) / 16, Options{}, KernelSource::Given), InvalidInput);
}

TEST_CASE("a region on the textured quarter recovers the kernel where the flat centre fails") {
  // Texture in the left quarter only; the rest flat grey with noise, as sky or a wall.
  Image x = Image::Constant(256 + 8, 384 + 8, 0.5f);
  x.leftCols(96) = testing::piecewise_constant(x.rows(), 96, 40, 21);
  const Image h = testing::motion_kernel(9);
  const Image y = testing::blur(x, h, 0.005, 22);
  Options o;
  o.kernel_size = 9;
  o.max_estimation_side = 96;
  o.estimation_region = EstimationRegion::Centre;
  const KernelEstimate centre = estimate_kernel(y, o);
  const KernelEstimate quarter = estimate_kernel(y, o, {}, Region{0, 80, 96, 96});
  CHECK(quarter.summary.region == Region{0, 80, 96, 96});
  const double centre_error = testing::aligned_error(centre.h, h), quarter_error = testing::aligned_error(quarter.h, h);
  CAPTURE(centre_error);
  CAPTURE(quarter_error);
  CHECK(quarter_error < 0.5);
  CHECK(centre_error > 2 * quarter_error);
  SUBCASE("the automatic window finds the texture too") {
    o.estimation_region = EstimationRegion::Edges;
    const KernelEstimate automatic = estimate_kernel(y, o);
    CHECK(automatic.summary.region.col + automatic.summary.region.cols <= 96 + 8);
    CHECK(testing::aligned_error(automatic.h, h) < 0.5);
  }
}

// Known to fail (issue 26): the run with the clipped pixels out of the h-step recovers this kernel
// (aligned error 0.24 when every run leaves them out), but the choice between the hypotheses keeps
// the one that fits the unclipped pixels best, and there the fitted run's narrow kernel fits better
// (½‖M(h⊛x − y)‖² 2.44 against 3.43; 0.84 against 0.93 with the pixels within half a kernel of a
// clipped one left out too): the fit prefers too narrow a kernel, the no-blur bias. Measured now:
// 0.97 for all four. On the camera set the choice still gains (docs/tuning.md, kernel.clipped).
TEST_CASE("on a photo with clipped lights the kernel is recovered when kernel.clipped leaves them out, and not when fitted" *
          doctest::may_fail()) {
  // Lights up to 4× white on a piecewise-constant scene, blurred, then clipped at 1 as a sensor clips:
  // the clipped plateaus are narrower than h ⊛ x, and fitted they pull h towards a narrow blob.
  const Image x = testing::with_lights(testing::piecewise_constant(128, 128, 60, 1), 40, 4, 4, 101);
  const Image h = testing::motion_kernel(9);
  const Image y = testing::blur(x, h, 0.005, 2).cwiseMax(0.0f).cwiseMin(1.0f);
  REQUIRE((y.array() == 1).count() > y.size() / 50);
  Options o;
  o.kernel_size = 9;
  const auto error = [&](double clipped, const std::optional<Region>& region = {}) {
    o.kernel_clipped = clipped;
    return testing::aligned_error(estimate_kernel(y, o, {}, region).h, h);
  };
  const double left_out = error(Options{}.kernel_clipped), at_white = error(1), fitted = error(1.001);
  const double in_region = error(Options{}.kernel_clipped, Region{6, 10, 108, 104});
  CAPTURE(left_out);
  CAPTURE(at_white);
  CAPTURE(fitted);
  CAPTURE(in_region);
  MESSAGE("aligned error: clipped pixels left out ", left_out, " (at the level of white: ", at_white, "; on a region: ",
          in_region, "), fitted ", fitted);
  // Measured: 0.24, 0.22, 0.35 and 0.97 (over six draws of the lights, 0.22–0.36 left out and 0.93–1.22
  // fitted). A mask taken from the image's corner instead of the region's gives 1.17.
  CHECK(left_out < 0.4);
  CHECK(at_white < 0.4);   // a pixel at the level is clipped
  CHECK(in_region < 0.5);  // the mask follows the region
  CHECK(fitted > 0.6);     // above 1: nothing is clipped
}

TEST_CASE("with clipped pixels in the window, hypothesis 1 leaves them out of the h-step and the others take the nudges") {
  const Image x = testing::with_lights(testing::piecewise_constant(128, 128, 60, 1), 40, 4, 4, 101);
  const Image h = testing::motion_kernel(9);
  const Image y = testing::blur(x, h, 0.005, 2).cwiseMax(0.0f).cwiseMin(1.0f);
  Options o;
  o.kernel_size = 9;
  // The fitted runs alone: TV weight × 1 and × (1 + 1.25e-4), each judged by its fit to the unclipped pixels.
  std::vector<double> single;
  for (const double factor : {1.0, 1 + 1.25e-4}) {
    Options one = o;
    one.hypotheses = 1;
    one.tv_lambda *= factor;
    single.push_back(estimate_kernel(y, one).summary.hypothesis_data_terms.at(0));
  }
  o.hypotheses = 3;
  const Summary s = estimate_kernel(y, o).summary;
  REQUIRE(s.hypothesis_data_terms.size() == 3);
  CHECK(s.hypothesis_data_terms[0] == single[0]);
  CHECK(s.hypothesis_data_terms[1] != single[0]);  // the same weight, clipped pixels out
  CHECK(s.hypothesis_data_terms[1] != single[1]);
  CHECK(s.hypothesis_data_terms[2] == single[1]);  // the first nudge comes after it
  const auto best = std::min_element(s.hypothesis_data_terms.begin(), s.hypothesis_data_terms.end());
  CHECK(s.hypothesis == best - s.hypothesis_data_terms.begin());
}

TEST_CASE("on a photo with no pixel at kernel.clipped, the option changes nothing") {
  Problem p = synthetic();
  p.y *= 0.8f;
  REQUIRE(p.y.maxCoeff() < Options{}.kernel_clipped);
  Options o;
  o.kernel_size = 9;
  o.hypotheses = 3;
  const KernelEstimate with = estimate_kernel(p.y, o);
  o.kernel_clipped = 2;
  const KernelEstimate without = estimate_kernel(p.y, o);
  CHECK(with.h == without.h);
  CHECK(with.summary.hypothesis_data_terms == without.summary.hypothesis_data_terms);
  CHECK(with.summary.hypothesis == without.summary.hypothesis);
  // and hypothesis 1 is the first nudge, as without clipping
  o.hypotheses = 1;
  o.tv_lambda *= 1 + 1.25e-4;
  REQUIRE(with.summary.hypothesis_data_terms.size() == 3);
  CHECK(with.summary.hypothesis_data_terms[1] == estimate_kernel(p.y, o).summary.hypothesis_data_terms.at(0));
}

TEST_CASE("a region outside the image or smaller than 3 kernels is rejected") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 9;
  CHECK_THROWS_AS(estimate_kernel(p.y, o, {}, Region{100, 0, 40, 40}), InvalidInput);
  CHECK_THROWS_AS(estimate_kernel(p.y, o, {}, Region{0, 0, 26, 40}), InvalidInput);
  CHECK_NOTHROW(estimate_kernel(p.y, o, {}, Region{0, 0, 27, 27}));
}

TEST_CASE("run.hypotheses keeps, of the runs with the TV weight nudged, the one whose last x-step fits y best") {
  Problem p;
  p.x = testing::piecewise_constant(96, 96, 40, 21);
  p.h = testing::motion_kernel(7);
  p.y = testing::blur(p.x, p.h, 0.01, 22);
  Options o;
  o.kernel_size = 7;
  o.kernel_clipped = 2;  // no pixel clipped: every hypothesis fits them all (with clipping, see hypothesis())
  // The single runs that hypotheses 0, 1, 2 must be: TV weight × 1, 1 + 1.25e-4, 1 − 1.25e-4.
  std::vector<KernelEstimate> single;
  for (const double factor : {1.0, 1 + 1.25e-4, 1 - 1.25e-4}) {
    Options one = o;
    one.hypotheses = 1;
    one.tv_lambda *= factor;
    single.push_back(estimate_kernel(p.y, one));
    REQUIRE(single.back().summary.hypothesis_data_terms.size() == 1);
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < single.size(); ++i)
    if (single[i].summary.hypothesis_data_terms[0] < single[best].summary.hypothesis_data_terms[0]) best = i;
  REQUIRE((single[0].h != single[1].h && single[0].h != single[2].h));  // the nudges must lead elsewhere
  o.hypotheses = 3;
  for (const int threads : {1, 2}) {
    CAPTURE(threads);
    o.threads = threads;
    const KernelEstimate e = estimate_kernel(p.y, o);
    REQUIRE(e.summary.hypothesis_data_terms.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK(e.summary.hypothesis_data_terms[i] == single[i].summary.hypothesis_data_terms[0]);
    CHECK(e.summary.hypothesis == static_cast<int>(best));
    CHECK(e.h == single[best].h);
  }
}

TEST_CASE("with several hypotheses the callback follows the first, and its Stop ends them all") {
  const Problem p = synthetic();
  Options o;
  o.kernel_size = 9;
  std::vector<Image> alone, with_others;
  estimate_kernel(p.y, o, [&](const IterationInfo& info) {
    alone.push_back(info.h);
    return CallbackResult::Continue;
  });
  o.hypotheses = 3;
  estimate_kernel(p.y, o, [&](const IterationInfo& info) {
    with_others.push_back(info.h);
    return CallbackResult::Continue;
  });
  CHECK(with_others == alone);
  int calls = 0;
  const KernelEstimate stopped = estimate_kernel(p.y, o, [&](const IterationInfo&) {
    return ++calls == 4 ? CallbackResult::Stop : CallbackResult::Continue;
  });
  CHECK(calls == 4);
  CHECK(stopped.summary.stopped_by_callback);
  CHECK(stopped.summary.hypothesis == 0);
  CHECK(stopped.h.rows() == 9);
}

TEST_CASE("the solver's report gives sizes as width x height and names the estimation window as such") {
  Summary summary;
  ScaleSummary scale;
  scale.rows = 30;
  scale.cols = 40;
  scale.kernel_size = 7;
  summary.scales.push_back(scale);
  summary.kernel_size = 55;
  summary.kernel_support = 43;
  const std::string report = summary.full_report();
  CHECK(report.find("40x30") != std::string::npos);
  CHECK(report.find("30x40") == std::string::npos);
  CHECK(summary.brief_report().find("window 55x55 (support 43x43)") != std::string::npos);
}

// Issue 26: shake as cameras record it rests, then moves — a bright dwell and a faint stretch. An
// estimate that keeps the dwell and loses the rest, or a window that cuts the faint part off, fails
// on real photos. The bar on the error is the fourier estimator's test's: 0.6 × the dwell alone's.
// It failed while kernel.final_threshold was 0.2, which zeroed the loop's entries near 0.2 of the
// maximum (aligned error 0.582 against the bar 0.516 = 0.6 × 0.861); at 0.1 the error is 0.423, and
// 0.492 with kernel.final_mean_threshold 0.33 after it.
TEST_CASE("defaults return a dwell-plus-faint-loop kernel whole: the window holds it, and the error beats the dwell alone") {
  const testing::ShakenPhoto p = testing::dwell_and_loop_photo();
  const KernelEstimate e = estimate_kernel(p.y, Options{});
  const double mass = testing::window_mass(e.h, p.h);
  const double error = testing::aligned_error(testing::in_dwell_loop_window(e.h), p.h),
               dwell = testing::aligned_error(testing::dwell_only(p.h), p.h);
  CAPTURE(e.h.rows());
  CAPTURE(mass);
  CAPTURE(error);
  CAPTURE(dwell);
  MESSAGE("window ", e.h.rows(), " px holds ", mass, " of the mass; aligned error ", error, ", the dwell alone ", dwell);
  REQUIRE(testing::window_mass(p.h.block(5, 7, 5, 5), p.h) < 0.95);  // a window on the dwell alone fails the bar
  CHECK(mass >= 0.95);
  CHECK(error < 0.6 * dwell);
}

TEST_CASE("defaults are stable: a ±0.01 % nudge of the TV weight gives the same kernel (NCC >= 0.98)") {
  const testing::ShakenPhoto p = testing::dwell_and_loop_photo();
  REQUIRE(testing::kernel_ncc(p.h, testing::dwell_only(p.h)) < 0.98);  // losing the loop would fail the bar
  const Image a = estimate_kernel(p.y, Options{}).h;
  for (const double factor : {1.0001, 0.9999}) {
    CAPTURE(factor);
    Options nudged;
    nudged.tv_lambda *= factor;
    const Image b = estimate_kernel(p.y, nudged).h;
    REQUIRE(a.rows() == b.rows());
    const double ncc = testing::kernel_ncc(a, b);
    CAPTURE(ncc);
    MESSAGE("TV weight x ", factor, ": NCC of the two runs' kernels ", ncc);
    CHECK(ncc >= 0.98);
  }
}
