#pragma once
// Small synthetic problems with known truth for the solver tests (deterministic, no files).
#include "core/convolution.hpp"

#include <cstdint>

namespace deblur::testing {

// Deterministic uniform numbers in [0, 1).
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : s_(seed) {}
  double next() {
    s_ = s_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s_ >> 11) / 9007199254740992.0;
  }

 private:
  std::uint64_t s_;
};

// A piecewise-constant image: random axis-aligned rectangles of random grey on grey.
inline Image piecewise_constant(Index rows, Index cols, int rectangles, std::uint64_t seed) {
  Lcg r(seed);
  Image x = Image::Constant(rows, cols, 0.5f);
  for (int n = 0; n < rectangles; ++n) {
    const Index h = 3 + static_cast<Index>(r.next() * rows / 3), w = 3 + static_cast<Index>(r.next() * cols / 3);
    const Index i = static_cast<Index>(r.next() * (rows - h)), j = static_cast<Index>(r.next() * (cols - w));
    x.block(i, j, h, w).setConstant(static_cast<float>(r.next()));
  }
  return x;
}

// A k×k motion-like kernel: an L-shaped stroke with uneven weights, Σ = 1.
inline Image motion_kernel(int k) {
  Image h = Image::Zero(k, k);
  const int c = k / 2;
  for (int j = 1; j < k - 1; ++j) h(c, j) = 1.0f + 0.5f * static_cast<float>(j % 3);
  for (int i = c - k / 3; i < c; ++i) h(i, k - 2) = 1.0f;
  return h / h.sum();
}

// y = h ⊛ x + σ·noise (uniform, zero mean).
inline Image blur(const Image& x, const Image& h, double sigma, std::uint64_t seed) {
  Image y = valid_convolution(x, h);
  Lcg r(seed);
  for (Index i = 0; i < y.size(); ++i) y.data()[i] += static_cast<float>(sigma * (2 * r.next() - 1) * 1.732);
  return y;
}

}  // namespace deblur::testing
