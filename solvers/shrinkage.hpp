#pragma once
// The proximal map of the smoothed ℓp penalty on a gradient's magnitude, tabulated (Krishnan & Fergus
// 2009's lookup table): s(a) = argmin_{s ≥ 0} ½(s − a)² + τ·(s² + ε²)^{p/2}. For p < 1 the penalty is
// not convex and s jumps from near 0 to near a at a threshold; the table holds the global minimiser,
// so one lookup per pixel replaces a root search.
#include <vector>

namespace deblur::solvers {

class Shrinkage {
 public:
  // τ > 0, 0 < p ≤ 2, ε > 0. Magnitudes up to `range` are tabulated; above it s = a − τρ'(s) is
  // solved by a few fixed-point steps (ρ' changes little there).
  Shrinkage(double tau, double p, double epsilon, double range = 4.0);

  float operator()(float a) const {  // a ≥ 0
    const float t = a * scale_;
    if (t >= last_) return tail(a);
    const int i = static_cast<int>(t);
    const float f = t - static_cast<float>(i), lo = table_[i], hi = table_[i + 1];
    // Across the jump of a non-convex penalty, a blend of the two branches would minimise nothing.
    if (hi - lo > jump_) return f < 0.5f ? lo : hi;
    return lo + f * (hi - lo);
  }

 private:
  float tail(float a) const;
  std::vector<float> table_;
  float scale_, last_, jump_;
  double tau_, p_, epsilon_;
};

}  // namespace deblur::solvers
