// bench_nonblind: the time and peak memory of the non-blind pass with a given kernel over a colour
// photo, 4000×3000 (12 MP) by default — the pass that sets the time of a large photo. The photo is
// made here (bench/synthetic_photo.hpp, fixed seed), so every run times the same work; the checksum
// identifies the deblurred planes to the bit, and --save writes them (raw float32, plane after plane)
// to compare two builds whose results may differ by float rounding.
// Peak memory is the resident high-water mark during the pass (reset before it through
// /proc/self/clear_refs), photo and result included.
//
// Usage: bench_nonblind [--size WxH] [--kernel K] [--threads N] [--repeat R] [--save FILE]
//   defaults: 4000x3000, K = 31, all cores, 1 run.
#include "core/allocator.hpp"
#include "solvers/blind_deconvolution.hpp"
#include "bench/synthetic_photo.hpp"
#include "bench/timing.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace deblur;

namespace {

// VmHWM of /proc/self/status in MB; -1 where there is none.
double peak_resident_mb() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024;
  return -1;
}

void reset_peak_resident() { std::ofstream("/proc/self/clear_refs") << "5"; }

}  // namespace

int main(int argc, char** argv) {
  reuse_freed_memory();  // as the app does, so that the figures are the app's
  solvers::Options options;
  Index rows = 3000, cols = 4000, k = 31;
  int repeat = 1;
  std::string save;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    long w = 0, h = 0;
    if (a == "--size" && i + 1 < argc && std::sscanf(argv[++i], "%ldx%ld", &w, &h) == 2) cols = w, rows = h;
    else if (a == "--kernel" && i + 1 < argc) k = std::atoi(argv[++i]) | 1;
    else if (a == "--threads" && i + 1 < argc) options.threads = std::atoi(argv[++i]);
    else if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--save" && i + 1 < argc) save = argv[++i];
    else {
      std::fprintf(stderr, "usage: bench_nonblind [--size WxH] [--kernel K] [--threads N] [--repeat R] [--save FILE]\n");
      return 2;
    }
  }
  std::mt19937 rng(11);
  const Image h = bench::shake_kernel(k, rng);
  const std::vector<Image> planes = bench::blurred_photo(bench::sharp_planes(rows + k - 1, cols + k - 1, rng), h, rng);

  std::printf("%ldx%ld colour, given kernel %ldx%ld, threads %d (0 = all cores)\n", static_cast<long>(cols),
              static_cast<long>(rows), static_cast<long>(k), static_cast<long>(k), options.threads);
  std::vector<double> times;
  for (int r = 0; r < repeat; ++r) {
    reset_peak_resident();
    const auto t0 = bench::Clock::now();
    const std::vector<Image> out = solvers::deconvolve(planes, h, options, solvers::KernelSource::Given);
    times.push_back(bench::seconds_since(t0));
    std::uint64_t hash = 1469598103934665603ull;
    for (const Image& o : out) hash = bench::fnv1a(o, hash);
    std::printf("run %d: final pass %.3f s, peak resident %.0f MB; output %016llx\n", r + 1, times.back(),
                peak_resident_mb(), static_cast<unsigned long long>(hash));
    if (!save.empty() && r == 0) {
      std::ofstream file(save, std::ios::binary);
      for (const Image& o : out) file.write(reinterpret_cast<const char*>(o.data()), static_cast<std::streamsize>(o.size() * sizeof(float)));
    }
  }
  std::printf("median: final pass %.3f s\n", bench::median(times));
}
