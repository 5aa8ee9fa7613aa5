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
using bench::median;
using bench::seconds_since;

constexpr Index kRows = 480, kCols = 640, kKernel = 27;

// A camera-shake kernel: a smoothed random walk of a few hundred steps, splatted bilinearly.
Image shake_kernel(std::mt19937& rng) {
  std::normal_distribution<double> turn(0.0, 0.35);
  Image h = Image::Zero(kKernel, kKernel);
  double r = 0, c = 0, angle = 0.6, dr = 0, dc = 0;
  std::vector<std::pair<double, double>> path;
  for (int s = 0; s < 300; ++s) {
    angle += turn(rng);
    dr = 0.8 * dr + 0.2 * std::sin(angle);
    dc = 0.8 * dc + 0.2 * std::cos(angle);
    r += 0.25 * dr;
    c += 0.25 * dc;
    path.emplace_back(r, c);
  }
  double mr = 0, mc = 0;
  for (const auto& [pr, pc] : path) mr += pr / path.size(), mc += pc / path.size();
  const double centre = (kKernel - 1) / 2.0;
  for (const auto& [pr, pc] : path) {
    const double u = std::clamp(pr - mr + centre, 0.0, kKernel - 1.001), v = std::clamp(pc - mc + centre, 0.0, kKernel - 1.001);
    const auto i = static_cast<Index>(u), j = static_cast<Index>(v);
    const auto a = static_cast<float>(u - i), b = static_cast<float>(v - j);
    h(i, j) += (1 - a) * (1 - b);
    h(i, j + 1) += (1 - a) * b;
    h(i + 1, j) += a * (1 - b);
    h(i + 1, j + 1) += a * b;
  }
  return h / h.sum();
}

// Three sharp colour planes, larger than the photo by the kernel less one: a shaded background,
// overlapping discs and rectangles of random colours (the edges the estimator needs) and fine stripes.
std::vector<Image> sharp_planes(std::mt19937& rng) {
  const Index m = kRows + kKernel - 1, n = kCols + kKernel - 1;
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  std::vector<Image> planes(3, Image(m, n));
  for (int p = 0; p < 3; ++p)
    for (Index i = 0; i < m; ++i)
      for (Index j = 0; j < n; ++j) planes[p](i, j) = 0.3f + 0.2f * static_cast<float>(i + p * j) / static_cast<float>(m + n);
  for (int s = 0; s < 60; ++s) {
    const float colour[3] = {u(rng), u(rng), u(rng)};
    const float ci = u(rng) * m, cj = u(rng) * n, size = 8 + 60 * u(rng);
    const bool disc = s % 2 == 0, stripes = s % 5 == 0;
    for (Index i = std::max<Index>(0, ci - size); i < std::min<Index>(m, ci + size); ++i)
      for (Index j = std::max<Index>(0, cj - size); j < std::min<Index>(n, cj + size); ++j) {
        const float di = i - ci, dj = j - cj;
        if (disc && di * di + dj * dj > size * size) continue;
        const float shade = stripes ? 0.75f + 0.25f * std::sin(0.9f * static_cast<float>(i + j)) : 1.0f;
        for (int p = 0; p < 3; ++p) planes[p](i, j) = colour[p] * shade;
      }
  }
  return planes;
}

std::uint64_t fnv1a(const Image& a, std::uint64_t h = 1469598103934665603ull) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(a.data());
  for (std::size_t i = 0; i < static_cast<std::size_t>(a.size()) * sizeof(float); ++i) h = (h ^ bytes[i]) * 1099511628211ull;
  return h;
}

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
    else if (a == "--estimator" && i + 1 < argc) options.estimator = argv[++i];
    else if (a == "-v") verbose = true;
    else {
      std::fprintf(stderr, "usage: bench_estimation [--threads N] [--repeat R] [--hypotheses H] [--estimator NAME] [-v]\n");
      return 2;
    }
  }
  std::mt19937 rng(7);
  const Image h_true = shake_kernel(rng);
  std::vector<Image> planes;
  std::normal_distribution<float> noise(0.0f, 0.01f);
  for (const Image& x : sharp_planes(rng)) {
    Image y = valid_convolution(x, h_true);
    for (Index i = 0; i < y.size(); ++i)
      y.data()[i] = std::round(std::clamp(y.data()[i] + noise(rng), 0.0f, 1.0f) * 255.0f) / 255.0f;
    planes.push_back(std::move(y));
  }
  const Image luma = 0.114f * planes[0] + 0.587f * planes[1] + 0.299f * planes[2];  // planes are B, G, R

  std::printf("640x480 colour, true kernel %ldx%ld, threads %d (0 = all cores), estimator %s, hypotheses %d\n",
              static_cast<long>(kKernel), static_cast<long>(kKernel), options.threads, options.estimator.c_str(),
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
