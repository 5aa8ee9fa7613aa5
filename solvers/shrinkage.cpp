#include "solvers/shrinkage.hpp"

#include <cmath>

namespace deblur::solvers {
namespace {

constexpr int kEntries = 4096;

}  // namespace

Shrinkage::Shrinkage(double tau, double p, double epsilon, double range)
    : table_(kEntries), scale_(static_cast<float>((kEntries - 1) / range)), last_(kEntries - 1),
      jump_(static_cast<float>(4 * range / (kEntries - 1))), tau_(tau), p_(p), epsilon_(epsilon) {
  const double step = range / (kEntries - 1);
  const auto rho = [&](double s) { return std::pow(s * s + epsilon * epsilon, p / 2); };
  const auto slope = [&](double s, double a) {  // φ'(s) of φ(s) = ½(s − a)² + τρ(s)
    return s - a + tau * p * s * std::pow(s * s + epsilon * epsilon, p / 2 - 1);
  };
  std::vector<double> penalty(kEntries);
  for (int j = 0; j < kEntries; ++j) penalty[j] = tau * rho(j * step);
  for (int i = 0; i < kEntries; ++i) {
    const double a = i * step;
    // The global minimiser lies in [0, a]: the best grid point first (φ may have two local minima),
    // then bisection on φ' inside its neighbouring cells.
    int best = 0;
    double best_value = 0.5 * a * a + penalty[0];
    for (int j = 1; j <= i; ++j) {
      const double d = j * step - a, v = 0.5 * d * d + penalty[j];
      if (v < best_value) best_value = v, best = j;
    }
    double lo = std::max(0.0, (best - 1) * step), hi = std::min(a, (best + 1) * step);
    if (slope(lo, a) >= 0) {
      hi = lo;
    } else if (slope(hi, a) <= 0) {
      lo = hi;
    }
    for (int it = 0; it < 40 && hi - lo > 1e-9; ++it) {
      const double mid = 0.5 * (lo + hi);
      (slope(mid, a) < 0 ? lo : hi) = mid;
    }
    table_[i] = static_cast<float>(0.5 * (lo + hi));
  }
}

float Shrinkage::tail(float a) const {
  double s = a;
  for (int it = 0; it < 3; ++it) s = a - tau_ * p_ * s * std::pow(s * s + epsilon_ * epsilon_, p_ / 2 - 1);
  return static_cast<float>(s);
}

}  // namespace deblur::solvers
