// bench_gradients: the time of one full data-term evaluation (f, ∂f/∂x and ∂f/∂h from a new x and
// a new h: set_image + set_kernel + evaluate) per backend, against the FFT floor — the bare FFTW
// transforms that evaluation executes (3 r2c + 3 c2r of the padded size), timed in the same run.
// The observation y is N×N (the photo), so x is (N+K−1)² and the padded size is the next fast size.
//
// Usage: bench_gradients [--quick] [--no-planning]   (--quick: 256² and 512² only)
#include "core/objective.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace deblur;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Median of repeated runs; repeats until ~`budget` seconds or `max_runs`, at least 3 runs.
double median_seconds(const std::function<void()>& run, double budget = 0.6, int max_runs = 15) {
  run();  // warm-up: first-touch of buffers, plan lookup
  std::vector<double> t;
  const auto start = Clock::now();
  while (t.size() < 3 || (seconds_since(start) < budget && static_cast<int>(t.size()) < max_runs)) {
    const auto t0 = Clock::now();
    run();
    t.push_back(seconds_since(t0));
  }
  std::nth_element(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(t.size() / 2), t.end());
  return t[t.size() / 2];
}

Image random_image(Index rows, Index cols, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  Image a(rows, cols);
  for (Index i = 0; i < a.size(); ++i) a.data()[i] = u(rng);
  return a;
}

struct Case {
  Image y, x, h;
};

Case make_case(Index N, Index K, std::mt19937& rng) {
  Case c{random_image(N, N, rng), random_image(N + K - 1, N + K - 1, rng), random_image(K, K, rng)};
  c.h /= c.h.sum();
  return c;
}

// One full evaluation from a new x and a new h.
double time_evaluation(const Case& c, DataTermOptions options) {
  DataTerm term(c.y, c.h.rows(), c.h.cols(), options);
  Image gx, gh;
  return median_seconds([&] {
    term.set_image(c.x);
    term.set_kernel(c.h);
    term.evaluate(&gx, &gh);
  });
}

// The bare transforms the FFT backend's full evaluation executes, on buffers of the same size.
double time_floor(Index P, Index Q, int threads, FftPlanning planning) {
  const FftPlans& plans = FftPlans::get(P, Q, threads, planning);
  FftBuffer real = fft_alloc(plans.real_size()), out = fft_alloc(plans.real_size());
  FftBuffer spec = fft_alloc(plans.spectrum_floats()), scratch = fft_alloc(plans.spectrum_floats());
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  for (std::size_t i = 0; i < plans.real_size(); ++i) real[i] = u(rng);
  plans.forward(real.get(), spec.get());
  return median_seconds([&] {
    for (int t = 0; t < 3; ++t) plans.forward(real.get(), spec.get());
    for (int t = 0; t < 3; ++t) {
      std::memcpy(scratch.get(), spec.get(), 0);  // c2r destroys its input; a stale one costs the same
      plans.inverse(scratch.get(), out.get());
    }
  });
}

std::string ms(double s) {
  char b[32];
  std::snprintf(b, sizeof b, s < 0.01 ? "%.2f" : s < 0.1 ? "%.1f" : "%.0f", s * 1e3);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, planning_table = true;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--quick") quick = true;
    else if (std::string(argv[i]) == "--no-planning") planning_table = false;
    else {
      std::fprintf(stderr, "usage: bench_gradients [--quick] [--no-planning]\n");
      return 2;
    }
  }
  std::mt19937 rng(2024);
  const std::vector<Index> sizes = quick ? std::vector<Index>{256, 512} : std::vector<Index>{256, 512, 1024, 2048};
  const Index kernels[] = {15, 31, 63};

  // Calibrate the direct backend on a small case to skip runs that would take more than ~3 s.
  const Case small = make_case(128, 15, rng);
  const double direct_per_mac =
      time_evaluation(small, {Backend::Direct, 1}) / (3.0 * 128 * 128 * 15 * 15);

  std::printf("one full evaluation (set_image + set_kernel + evaluate f, grad_x, grad_h); median ms; 1 thread "
              "unless noted\n");
  std::printf("floor = 3 r2c + 3 c2r FFTW transforms of the padded size with the backend's plans (default planning: "
              "FFTW_MEASURE from %ld pixels up, FFTW_ESTIMATE below)\n", static_cast<long>(kMeasurePlanningPixels));
  std::printf("%-6s %-6s %-11s %9s %9s %9s %7s %9s %8s %8s\n", "y", "kernel", "fft size", "direct", "fft", "floor",
              "ratio", "fft 2thr", "speedup", "auto");
  double worst_ratio = 0.0, worst_speedup = 1e9;
  for (Index N : sizes)
    for (Index K : kernels) {
      const Case c = make_case(N, K, rng);
      const double predicted_direct = direct_per_mac * 3.0 * static_cast<double>(N * N * K * K);
      const double direct = predicted_direct < 3.0 ? time_evaluation(c, {Backend::Direct, 1}) : -1.0;
      const double fft = time_evaluation(c, {Backend::Fft, 1});
      const DataTerm probe(c.y, K, K, {Backend::Fft, 1});
      const double floor = time_floor(probe.fft_rows(), probe.fft_cols(), 1, FftPlanning::Automatic);
      const double ratio = fft / floor;
      if (N >= 512) worst_ratio = std::max(worst_ratio, ratio);
      std::string two = "-", speedup = "-";
      if (N >= 1024) {
        const double fft2 = time_evaluation(c, {Backend::Fft, 2});
        two = ms(fft2);
        char b[16];
        std::snprintf(b, sizeof b, "%.2fx", fft / fft2);
        speedup = b;
        worst_speedup = std::min(worst_speedup, fft / fft2);
      }
      const char* automatic = DataTerm(c.y, K, K).backend() == Backend::Fft ? "fft" : "direct";
      const std::string fft_size = std::to_string(probe.fft_rows()) + "x" + std::to_string(probe.fft_cols());
      std::printf("%-6s %-6s %-11s %9s %9s %9s %7.2f %9s %8s %8s\n", (std::to_string(N) + "²").c_str(),
                  (std::to_string(K) + "²").c_str(), fft_size.c_str(), direct < 0 ? "-" : ms(direct).c_str(),
                  ms(fft).c_str(), ms(floor).c_str(), ratio, two.c_str(), speedup.c_str(), automatic);
      std::fflush(stdout);
    }

  if (planning_table) {
    // FFTW_MEASURE: planning cost of a size new to this process, and what it buys per evaluation.
    std::printf("\nplanning: FFTW_ESTIMATE vs FFTW_MEASURE (1 thread, y N², kernel 31²)\n");
    std::printf("%-6s %-11s %12s %12s %13s %13s\n", "y", "fft size", "eval est.", "eval meas.", "plan meas.",
                "break-even");
    for (Index N : sizes) {
      const Case c = make_case(N, 31, rng);
      const double est = time_evaluation(c, {Backend::Fft, 1, FftPlanning::Estimate});
      const auto t0 = Clock::now();
      const DataTerm planned(c.y, 31, 31, {Backend::Fft, 1, FftPlanning::Measure});
      const double plan = seconds_since(t0);
      const double meas = time_evaluation(c, {Backend::Fft, 1, FftPlanning::Measure});
      const std::string size = std::to_string(planned.fft_rows()) + "x" + std::to_string(planned.fft_cols());
      const std::string even = meas < est ? std::to_string(static_cast<long>(plan / (est - meas))) + " evals" : "never";
      std::printf("%-6s %-11s %10sms %10sms %12.2fs %13s\n", (std::to_string(N) + "²").c_str(), size.c_str(),
                  ms(est).c_str(), ms(meas).c_str(), plan, even.c_str());
    }
  }
  std::printf("\nworst 1->2 thread speed-up of the FFT backend at 1024² and above: %s\n",
              worst_speedup < 1e9 ? (std::to_string(worst_speedup).substr(0, 4) + "x").c_str() : "-");
  std::printf("worst FFT-backend ratio to floor: %.2f\n", worst_ratio);
}
