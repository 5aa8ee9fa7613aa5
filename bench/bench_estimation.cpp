// bench_estimation: the time of a blind deblur of a 640×480 colour photo — kernel estimation on the
// luminance, then the non-blind pass over the three planes — with default options. The photo is made
// here (shapes, gradients and texture with a fixed seed, blurred on the valid support by a fixed
// camera-shake kernel of 27 px, 1 % noise, 8-bit), so every run times the same work.
// The checksums identify the kernel and the deblurred planes: a change meant to be faster but
// otherwise the same must leave them unchanged.
//
// Usage: bench_estimation [--threads N] [--repeat R] [--hypotheses H] [--estimator NAME] [-v]
//   defaults: all cores, 3 runs, run.hypotheses as the solver's default, the medians printed; -v: the
//   solver's per-scale report of the last run.
#include "core/allocator.hpp"
#include "core/convolution.hpp"
#include "solvers/blind_deconvolution.hpp"
#include "bench/synthetic_photo.hpp"
#include "bench/timing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace deblur;

namespace {

using bench::Clock;
using bench::fnv1a;
using bench::median;
using bench::seconds_since;

constexpr Index kRows = 480, kCols = 640, kKernel = 27;

}  // namespace

int main(int argc, char** argv) {
  reuse_freed_memory();  // as the app does, so that the figures are the app's
  solvers::Options options;
  int repeat = 3;
  bool verbose = false;
  std::string last;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) options.threads = std::atoi(argv[++i]);
    else if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--hypotheses" && i + 1 < argc) options.hypotheses = std::max(1, std::atoi(argv[++i]));
    else if (a == "--estimator" && i + 1 < argc && solvers::parse<solvers::Estimator>(argv[i + 1]))
      options.estimator = *solvers::parse<solvers::Estimator>(argv[++i]);
    else if (a == "-v") verbose = true;
    else {
      std::fprintf(stderr, "usage: bench_estimation [--threads N] [--repeat R] [--hypotheses H] [--estimator NAME] [-v]\n");
      return 2;
    }
  }
  std::mt19937 rng(7);
  const Image h_true = bench::shake_kernel(kKernel, rng);
  const std::vector<Image> planes =
      bench::blurred_photo(bench::sharp_planes(kRows + kKernel - 1, kCols + kKernel - 1, rng), h_true, rng);
  const Image luma = 0.114f * planes[0] + 0.587f * planes[1] + 0.299f * planes[2];  // planes are B, G, R

  std::printf("640x480 colour, true kernel %ldx%ld, threads %d (0 = all cores), estimator %s, hypotheses %d\n",
              static_cast<long>(kKernel), static_cast<long>(kKernel), options.threads,
              std::string(solvers::to_string(options.estimator)).c_str(),
              options.hypotheses);
  std::vector<double> estimation, final_pass;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = Clock::now();
    const solvers::KernelEstimate e = solvers::estimate_kernel(luma, options);
    estimation.push_back(seconds_since(t0));
    last = e.summary.full_report();
    t0 = Clock::now();
    const std::vector<Image> out = solvers::deconvolve(planes, e.h, options, solvers::KernelSource::Estimated);
    final_pass.push_back(seconds_since(t0));
    std::uint64_t out_hash = 1469598103934665603ull;
    for (const Image& o : out) out_hash = fnv1a(o, out_hash);
    std::printf("run %d: estimation %.3f s, final pass %.3f s, total %.3f s; kernel %ldx%ld %016llx, output %016llx\n",
                r + 1, estimation.back(), final_pass.back(), estimation.back() + final_pass.back(),
                static_cast<long>(e.h.rows()), static_cast<long>(e.h.cols()),
                static_cast<unsigned long long>(fnv1a(e.h)), static_cast<unsigned long long>(out_hash));
  }
  if (verbose) std::printf("%s\n", last.c_str());
  std::printf("median: estimation %.3f s, final pass %.3f s\n", median(estimation), median(final_pass));
}
