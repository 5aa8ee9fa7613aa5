#pragma once
// Small synthetic problems with known truth for the solver tests (deterministic, no files).
#include "core/convolution.hpp"
#include "solvers/kernel_projection.hpp"

#include <algorithm>
#include <cmath>
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

// A text-like page: dark strokes (1–2 px wide) on a light ground, in glyph cells of 6×8 px set in lines
// and words, the statistics of a printed page (two tones, thin strokes, many short edges).
inline Image text_page(Index rows, Index cols, std::uint64_t seed) {
  Lcg r(seed);
  Image x = Image::Constant(rows, cols, 0.9f);
  constexpr Index glyph_w = 6, glyph_h = 8, line_h = 12;
  for (Index top = 2; top + glyph_h < rows; top += line_h)
    for (Index left = 2; left + glyph_w < cols; left += glyph_w + 1) {
      if (r.next() < 0.15) continue;  // a space between words
      const int strokes = 2 + static_cast<int>(r.next() * 3);
      for (int s = 0; s < strokes; ++s) {
        const Index width = r.next() < 0.3 ? 2 : 1;
        if (r.next() < 0.5) {  // a vertical stroke
          const Index j = left + static_cast<Index>(r.next() * (glyph_w - width + 1));
          const Index i0 = top + static_cast<Index>(r.next() * 3), i1 = top + glyph_h - static_cast<Index>(r.next() * 3);
          x.block(i0, j, i1 - i0, width).setConstant(0.1f);
        } else {  // a horizontal stroke
          const Index i = top + static_cast<Index>(r.next() * (glyph_h - width + 1));
          x.block(i, left, width, glyph_w).setConstant(0.1f);
        }
      }
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

// x with `count` square lights of side × side px at random places, each 1 to `brightest` × white (a
// sensor clips them).
inline Image with_lights(Image x, int count, Index side, float brightest, std::uint64_t seed) {
  Lcg r(seed);
  for (int n = 0; n < count; ++n) {
    const Index i = static_cast<Index>(r.next() * static_cast<double>(x.rows() - side)),
                j = static_cast<Index>(r.next() * static_cast<double>(x.cols() - side));
    x.block(i, j, side, side).setConstant(1 + (brightest - 1) * static_cast<float>(r.next()));
  }
  return x;
}

// y = h ⊛ x + σ·noise (uniform, zero mean).
inline Image blur(const Image& x, const Image& h, double sigma, std::uint64_t seed) {
  Image y = valid_convolution(x, h);
  Lcg r(seed);
  for (Index i = 0; i < y.size(); ++i) y.data()[i] += static_cast<float>(sigma * (2 * r.next() - 1) * 1.732);
  return y;
}

// Relative error of h against the truth (same size) after the best integer shift within ±2 px (the
// blind problem fixes the kernel only up to a translation).
inline double aligned_error(const Image& h, const Image& truth) {
  double best = 1e9;
  for (Index dr = -2; dr <= 2; ++dr)
    for (Index dc = -2; dc <= 2; ++dc)
      best = std::min(best, static_cast<double>((solvers::shift_kernel(h, {dr, dc}) - truth).norm()));
  return best / truth.norm();
}

// Shake as cameras record it (issue 26): a faint loop (a circle of radius 4, ~25 px) holding half the
// mass, and a dwell of 3×3 px on it where the hand rested holding the other half, in a
// kDwellLoopSize window whose centre is the centre of mass.
constexpr int kDwellLoopSize = 15;

inline Image dwell_and_loop() {
  constexpr int size = kDwellLoopSize;
  Image h = Image::Zero(size, size);
  const double c = size / 2;
  for (int a = 0; a < 360; a += 3) {
    const double t = a * std::acos(-1.0) / 180;
    h(static_cast<Index>(std::lround(c + 4 * std::sin(t))), static_cast<Index>(std::lround(c - 2 + 4 * std::cos(t)))) = 1;
  }
  h /= 2 * h.sum();
  h.block(static_cast<Index>(c) - 1, static_cast<Index>(c) + 1, 3, 3).array() += 0.5f / 9;
  return h;
}

// dwell_and_loop() with only its dwell (what an estimate that loses the faint part returns).
inline Image dwell_only(const Image& truth) {
  constexpr int size = kDwellLoopSize;
  Image d = Image::Zero(size, size);
  d.block(size / 2 - 1, size / 2 + 1, 3, 3) = truth.block(size / 2 - 1, size / 2 + 1, 3, 3);
  return d / d.sum();
}

// h (any odd size) in the centre of a kDwellLoopSize window, cut to it and renormalised.
inline Image in_dwell_loop_window(const Image& h) {
  constexpr int size = kDwellLoopSize;
  Image w = Image::Zero(size, size);
  const Index n = std::min<Index>(h.rows(), size), a = (h.rows() - n) / 2, b = (size - n) / 2;
  w.block(b, b, n, n) = h.block(a, a, n, n);
  return w / w.sum();
}

// A 200×200 scene blurred by dwell_and_loop() (y is 186×186), and that kernel.
struct ShakenPhoto {
  Image h, y;
};
inline ShakenPhoto dwell_and_loop_photo() {
  const Image x = piecewise_constant(200, 200, 90, 21), h = dwell_and_loop();
  return {h, blur(x, h, 0.003, 22)};
}

// Normalised cross-correlation of two kernels of one size (1: the same up to scale).
inline double kernel_ncc(const Image& a, const Image& b) { return a.cwiseProduct(b).sum() / (a.norm() * b.norm()); }

// The share of the truth's mass inside the window of h (square, any size), with the window placed
// over the truth where h correlates with it best: whether an estimate's window holds the whole kernel.
inline double window_mass(const Image& h, const Image& truth) {
  const Index w = h.rows(), t = truth.rows();
  double best = -1, mass = 0;
  for (Index dr = 1 - w; dr < t; ++dr)
    for (Index dc = 1 - w; dc < t; ++dc) {
      const Index r0 = std::max<Index>(0, dr), r1 = std::min(t, dr + w), c0 = std::max<Index>(0, dc), c1 = std::min(t, dc + w);
      const Image under = truth.block(r0, c0, r1 - r0, c1 - c0);
      const double c = h.block(r0 - dr, c0 - dc, r1 - r0, c1 - c0).cwiseProduct(under).sum();
      if (c > best) {
        best = c;
        mass = under.sum() / truth.sum();
      }
    }
  return mass;
}

}  // namespace deblur::testing
