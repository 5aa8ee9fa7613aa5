#pragma once
// The benchmarks' synthetic photo, the same for every run of a seed: a camera-shake kernel, sharp colour
// planes of shapes, gradients and texture, and their blurred, noisy 8-bit photo.
#include "core/convolution.hpp"
#include "core/image.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace deblur::bench {

// A k×k camera-shake kernel: a smoothed random walk of a few hundred steps, splatted bilinearly.
inline Image shake_kernel(Index k, std::mt19937& rng) {
  std::normal_distribution<double> turn(0.0, 0.35);
  Image h = Image::Zero(k, k);
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
  const double centre = (k - 1) / 2.0;
  for (const auto& [pr, pc] : path) {
    const double u = std::clamp(pr - mr + centre, 0.0, k - 1.001), v = std::clamp(pc - mc + centre, 0.0, k - 1.001);
    const auto i = static_cast<Index>(u), j = static_cast<Index>(v);
    const auto a = static_cast<float>(u - i), b = static_cast<float>(v - j);
    h(i, j) += (1 - a) * (1 - b);
    h(i, j + 1) += (1 - a) * b;
    h(i + 1, j) += a * (1 - b);
    h(i + 1, j + 1) += a * b;
  }
  return h / h.sum();
}

// Three m×n sharp colour planes: a shaded background, overlapping discs and rectangles of random
// colours (the edges the estimator needs) and fine stripes, one shape per 5600 pixels (at least 60).
inline std::vector<Image> sharp_planes(Index m, Index n, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  std::vector<Image> planes(3, Image(m, n));
  for (int p = 0; p < 3; ++p)
    for (Index i = 0; i < m; ++i)
      for (Index j = 0; j < n; ++j) planes[p](i, j) = 0.3f + 0.2f * static_cast<float>(i + p * j) / static_cast<float>(m + n);
  const Index shapes = std::max<Index>(60, m * n / 5600);
  for (Index s = 0; s < shapes; ++s) {
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

// The photo of `sharp` through h: blurred on the valid support, 1 % noise, 8-bit.
inline std::vector<Image> blurred_photo(const std::vector<Image>& sharp, const Image& h, std::mt19937& rng) {
  std::normal_distribution<float> noise(0.0f, 0.01f);
  std::vector<Image> planes;
  for (const Image& x : sharp) {
    Image y = valid_convolution(x, h);
    for (Index i = 0; i < y.size(); ++i)
      y.data()[i] = std::round(std::clamp(y.data()[i] + noise(rng), 0.0f, 1.0f) * 255.0f) / 255.0f;
    planes.push_back(std::move(y));
  }
  return planes;
}

// FNV-1a of the floats' bytes: identifies a result to the bit.
inline std::uint64_t fnv1a(const Image& a, std::uint64_t h = 1469598103934665603ull) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(a.data());
  for (std::size_t i = 0; i < static_cast<std::size_t>(a.size()) * sizeof(float); ++i) h = (h ^ bytes[i]) * 1099511628211ull;
  return h;
}

}  // namespace deblur::bench
