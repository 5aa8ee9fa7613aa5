// bench_gradients: the time of one full data-term evaluation (f, ∂f/∂x and ∂f/∂h from a new x and
// a new h: set_image + set_kernel + evaluate) per backend, against the FFT floor — the bare FFTW
// transforms that evaluation executes (see Floor), timed in the same run.
// The observation y is N×N (the photo), so x is (N+K−1)² and the padded size is the next fast size.
//
// Usage: bench_gradients [--quick] [--no-planning] [--case N K]
//   --quick: 256² and 512² only; --no-planning: skip the Estimate/Measure table; --case: one row.
#include "core/allocator.hpp"
#include "core/objective.hpp"
#include "bench/timing.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace deblur;

namespace {

using bench::Clock;
using bench::median;
using bench::seconds_since;

// Medians of repeated runs of each job, run in turn (a, b, a, b, …) so that both see the same load
// on a shared machine; repeats until ~`budget` seconds or `max_runs`, at least 3 runs each.
std::vector<double> median_seconds(const std::vector<std::function<void()>>& jobs, double budget = 1.0,
                                   int max_runs = 21) {
  for (const auto& run : jobs) run();  // warm-up: first touch of buffers
  std::vector<std::vector<double>> t(jobs.size());
  const auto start = Clock::now();
  for (int r = 0; r < 3 || (seconds_since(start) < budget && r < max_runs); ++r)
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const auto t0 = Clock::now();
      jobs[j]();
      t[j].push_back(seconds_since(t0));
    }
  std::vector<double> out;
  for (auto& v : t) out.push_back(median(v));
  return out;
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
struct Evaluation {
  DataTerm term;
  const Case& c;
  Image gx, gh;
  Evaluation(const Case& c_, DataTermOptions options) : term(c_.y, c_.h.rows(), c_.h.cols(), options), c(c_) {}
  void operator()() {
    term.set_image(c.x);
    term.set_kernel(c.h);
    term.evaluate(&gx, &gh);
  }
};

// The bare transforms the FFT backend's full evaluation executes, on its plans and on buffers of
// the same size, nothing else: r2c of x and of r, c2r of h ⊛ x and of ∂f/∂x (full P×Q), and the
// r2c of h and c2r of ∂f/∂h pruned to the kernel's K rows. With `unpruned`, all six are full
// transforms (3 r2c + 3 c2r): what an evaluation without the pruning would need, for comparison.
struct Floor {
  const FftPlans& plans;
  const PrunedFftPlans& pruned;
  bool unpruned;
  FftBuffer real, out, spec;
  Floor(Index P, Index Q, Index K, int threads, FftPlanning planning, bool unpruned_ = false)
      : plans(FftPlans::get(P, Q, threads, planning)),
        pruned(PrunedFftPlans::get(P, Q, K, threads, planning)),
        unpruned(unpruned_),
        real(fft_alloc(plans.real_size())),
        out(fft_alloc(plans.real_size())),
        spec(fft_alloc(plans.spectrum_floats())) {
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    for (std::size_t i = 0; i < plans.real_size(); ++i) real[i] = u(rng);
  }
  void operator()() {
    // c2r destroys its input, so each inverse reads the spectrum the previous forward wrote.
    for (int t = 0; t < (unpruned ? 3 : 2); ++t) {
      plans.forward(real.get(), spec.get());
      plans.inverse(spec.get(), out.get());
    }
    if (unpruned) return;
    pruned.forward(real.get(), spec.get());
    pruned.inverse(spec.get(), out.get());
  }
};

double time_evaluation(const Case& c, DataTermOptions options) {
  Evaluation e(c, options);
  return median_seconds({std::ref(e)})[0];
}

std::string ms(double s) {
  char b[32];
  std::snprintf(b, sizeof b, s < 0.01 ? "%.2f" : s < 0.1 ? "%.1f" : "%.0f", s * 1e3);
  return b;
}

void planning_table(const std::vector<Index>& sizes, std::mt19937& rng) {
  // Runs first, so that every size is new to FFTW's wisdom and the planning time is the real one.
  std::printf(
      "planning: FFTW_ESTIMATE vs FFTW_MEASURE (1 thread, y N², kernel 31²; median ms of one full "
      "evaluation)\n");
  std::printf("%-6s %-11s %10s %10s %11s %13s\n", "y", "fft size", "estimate", "measure", "plan time", "break-even");
  for (Index N : sizes) {
    const Case c = make_case(N, 31, rng);
    Evaluation est(c, {Backend::Fft, 1, FftPlanning::Estimate});
    const auto t0 = Clock::now();
    Evaluation meas(c, {Backend::Fft, 1, FftPlanning::Measure});
    const double plan = seconds_since(t0);
    const std::vector<double> t = median_seconds({std::ref(est), std::ref(meas)});
    const std::string size = std::to_string(meas.term.fft_rows()) + "x" + std::to_string(meas.term.fft_cols());
    const std::string even = t[1] < t[0] ? std::to_string(static_cast<long>(plan / (t[0] - t[1]))) + " evals" : "never";
    std::printf("%-6s %-11s %10s %10s %10.2fs %13s\n", (std::to_string(N) + "²").c_str(), size.c_str(),
                ms(t[0]).c_str(), ms(t[1]).c_str(), plan, even.c_str());
    std::fflush(stdout);
  }
  std::printf("\n");
}

// What the solver's inner loops cost: an h-step evaluation (new h, f and ∂f/∂h), an x-step one
// (new x, f and ∂f/∂x), and a line-search trial (new x, f only), all with the other argument cached.
void solver_steps_table(const std::vector<Index>& sizes, std::mt19937& rng) {
  std::printf("\nsolver steps with the default backend (1 thread, kernel 31²; median ms)\n");
  std::printf("%-6s %-8s %10s %10s %12s\n", "y", "backend", "h-step", "x-step", "x trial f");
  for (Index N : sizes) {
    const Case c = make_case(N, 31, rng);
    DataTerm term(c.y, 31, 31, {Backend::Automatic, 1});
    Image gx, gh;
    term.set_image(c.x);
    term.set_kernel(c.h);
    const std::vector<double> t = median_seconds({[&] {
                                                    term.set_kernel(c.h);
                                                    term.evaluate(nullptr, &gh);
                                                  },
                                                  [&] {
                                                    term.set_image(c.x);
                                                    term.evaluate(&gx, nullptr);
                                                  },
                                                  [&] {
                                                    term.set_image(c.x);
                                                    term.value();
                                                  }});
    std::printf("%-6s %-8s %10s %10s %12s\n", (std::to_string(N) + "²").c_str(),
                term.backend() == Backend::Fft ? "fft" : "direct", ms(t[0]).c_str(), ms(t[1]).c_str(),
                ms(t[2]).c_str());
  }
}

// The 1→2 thread speed-up this machine offers right now to a loop of independent arithmetic: on a
// shared machine the FFT speed-up cannot exceed it, so it is printed beside.
double machine_two_thread_speedup() {
  auto spin = [](long n) {
    volatile double sink = 0.0;
    double s = 0.0;
    for (long i = 0; i < n; ++i) s += static_cast<double>(i % 7) * 1e-9;
    sink = s;
    (void)sink;
  };
  const long n = 100'000'000;
  const std::vector<double> t = median_seconds({[&] { spin(n); },
                                                [&] {
                                                  std::thread other(spin, n / 2);
                                                  spin(n / 2);
                                                  other.join();
                                                }},
                                               1.0, 5);
  return t[0] / t[1];
}

}  // namespace

int main(int argc, char** argv) {
  reuse_freed_memory();  // as the app does, so that the figures are the app's
  std::vector<Index> sizes = {256, 512, 1024, 2048}, kernels = {15, 31, 63};
  bool planning = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") {
      sizes = {256, 512};
    } else if (a == "--no-planning") {
      planning = false;
    } else if (a == "--case" && i + 2 < argc) {
      sizes = {std::stol(argv[i + 1])};
      kernels = {std::stol(argv[i + 2])};
      i += 2;
    } else {
      std::fprintf(stderr, "usage: bench_gradients [--quick] [--no-planning] [--case N K]\n");
      return 2;
    }
  }
  std::mt19937 rng(2024);
  if (planning) planning_table(sizes, rng);

  // Calibrate the direct backend on a small case to skip runs that would take more than ~3 s.
  const Case small = make_case(128, 15, rng);
  const double direct_per_mac = time_evaluation(small, {Backend::Direct, 1}) / (3.0 * 128 * 128 * 15 * 15);

  std::printf(
      "one full evaluation (set_image + set_kernel + evaluate: f, grad_x, grad_h); median ms; 1 thread "
      "unless noted\n");
  std::printf(
      "floor = the FFTW transforms of that evaluation (r2c of x and r, c2r of h*x and grad_x, r2c of h and c2r "
      "of grad_h pruned to K rows), same plans and sizes, timed in turn with it; ratio = fft / floor\n");
  std::printf("6 full = 3 r2c + 3 c2r full transforms (the floor without the pruning), for comparison\n");
  std::printf("(default planning: FFTW_MEASURE from %ld transform pixels up, FFTW_ESTIMATE below)\n",
              static_cast<long>(kMeasurePlanningPixels));
  std::printf("%-6s %-6s %-11s %9s %9s %9s %7s %9s %9s %8s %8s\n", "y", "kernel", "fft size", "direct", "fft", "floor",
              "ratio", "6 full", "fft 2thr", "speedup", "auto");
  double worst_ratio = 0.0, worst_speedup = 1e9;
  for (Index N : sizes)
    for (Index K : kernels) {
      const Case c = make_case(N, K, rng);
      const double predicted_direct = direct_per_mac * 3.0 * static_cast<double>(N * N * K * K);
      const double direct = predicted_direct < 3.0 ? time_evaluation(c, {Backend::Direct, 1}) : -1.0;
      Evaluation fft_eval(c, {Backend::Fft, 1});
      const DataTerm& probe = fft_eval.term;
      Floor floor_eval(probe.fft_rows(), probe.fft_cols(), K, 1, FftPlanning::Automatic);
      Floor full_eval(probe.fft_rows(), probe.fft_cols(), K, 1, FftPlanning::Automatic, true);
      // One interleaved run for the evaluation, its floor, the unpruned floor and (from 1024²) the
      // 2-thread evaluation.
      std::vector<std::function<void()>> jobs = {std::ref(fft_eval), std::ref(floor_eval), std::ref(full_eval)};
      std::unique_ptr<Evaluation> fft2_eval;
      if (N >= 1024) {
        fft2_eval = std::make_unique<Evaluation>(c, DataTermOptions{Backend::Fft, 2});
        jobs.push_back(std::ref(*fft2_eval));
      }
      const std::vector<double> t = median_seconds(jobs);
      const double fft = t[0], floor = t[1], ratio = fft / floor;
      if (N >= 512) worst_ratio = std::max(worst_ratio, ratio);
      std::string two = "-", speedup = "-";
      if (fft2_eval) {
        two = ms(t[3]);
        char b[16];
        std::snprintf(b, sizeof b, "%.2fx", fft / t[3]);
        speedup = b;
        worst_speedup = std::min(worst_speedup, fft / t[3]);
      }
      const char* automatic = DataTerm(c.y, K, K).backend() == Backend::Fft ? "fft" : "direct";
      const std::string fft_size = std::to_string(probe.fft_rows()) + "x" + std::to_string(probe.fft_cols());
      std::printf("%-6s %-6s %-11s %9s %9s %9s %7.2f %9s %9s %8s %8s\n", (std::to_string(N) + "²").c_str(),
                  (std::to_string(K) + "²").c_str(), fft_size.c_str(), direct < 0 ? "-" : ms(direct).c_str(),
                  ms(fft).c_str(), ms(floor).c_str(), ratio, ms(t[2]).c_str(), two.c_str(), speedup.c_str(), automatic);
      std::fflush(stdout);
    }
  solver_steps_table(sizes, rng);
  if (worst_speedup < 1e9) {
    std::printf("\n1->2 thread speed-up of plain arithmetic on this machine now: %.2fx\n",
                machine_two_thread_speedup());
    std::printf("worst 1->2 thread speed-up of the FFT backend at 1024² and above: %.2fx\n", worst_speedup);
  }
  std::printf("worst FFT-backend ratio to floor: %.2f\n", worst_ratio);
}
