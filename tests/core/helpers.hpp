#pragma once
// Shared helpers of the core tests: random data, error measures, and the seed's operators as
// explicit sparse matrices (the independent truth for the convolution code).
#include "core/convolution.hpp"

#include <Eigen/SparseCore>

#include <random>
#include <vector>

namespace deblur::test {

using Sparse = Eigen::SparseMatrix<double, Eigen::RowMajor>;
using VectorD = Eigen::VectorXd;

inline const Backend kBackends[] = {Backend::Direct, Backend::Fft};
inline const char* name(Backend b) { return b == Backend::Direct ? "direct" : b == Backend::Fft ? "fft" : "automatic"; }

inline Image random_image(Index rows, Index cols, std::mt19937& rng, float lo = 0.0f, float hi = 1.0f) {
  std::uniform_real_distribution<float> u(lo, hi);
  Image a(rows, cols);
  for (Index i = 0; i < a.size(); ++i) a.data()[i] = u(rng);
  return a;
}

// max |a − b| / max |b|: the relative error measure of the fixtures' README.
inline double relative_error(const Image& a, const Image& b) {
  return (a.cast<double>() - b.cast<double>()).cwiseAbs().maxCoeff() / b.cast<double>().cwiseAbs().maxCoeff();
}

inline VectorD flat(const Image& a) { return Eigen::Map<const Eigen::VectorXf>(a.data(), a.size()).cast<double>(); }

// X: (p·q)×(k·l) with (X·vec h) = vec(h ⊛ x) — row (i,j), column (a,b) holds x[i+k−1−a][j+l−1−b].
inline Sparse image_matrix(const Image& x, Index k, Index l) {
  const Index p = x.rows() - k + 1, q = x.cols() - l + 1;
  std::vector<Eigen::Triplet<double>> t;
  for (Index i = 0; i < p; ++i)
    for (Index j = 0; j < q; ++j)
      for (Index a = 0; a < k; ++a)
        for (Index b = 0; b < l; ++b) t.emplace_back(i * q + j, a * l + b, x(i + k - 1 - a, j + l - 1 - b));
  Sparse X(p * q, k * l);
  X.setFromTriplets(t.begin(), t.end());
  return X;
}

// H: (p·q)×(m·n) with (H·vec x) = vec(h ⊛ x) — row (i,j), column (i+k−1−a, j+l−1−b) holds h[a][b].
inline Sparse kernel_matrix(const Image& h, Index m, Index n) {
  const Index k = h.rows(), l = h.cols(), p = m - k + 1, q = n - l + 1;
  std::vector<Eigen::Triplet<double>> t;
  for (Index i = 0; i < p; ++i)
    for (Index j = 0; j < q; ++j)
      for (Index a = 0; a < k; ++a)
        for (Index b = 0; b < l; ++b) t.emplace_back(i * q + j, (i + k - 1 - a) * n + (j + l - 1 - b), h(a, b));
  Sparse H(p * q, m * n);
  H.setFromTriplets(t.begin(), t.end());
  return H;
}

inline double max_relative(const VectorD& a, const VectorD& b) {
  return (a - b).cwiseAbs().maxCoeff() / b.cwiseAbs().maxCoeff();
}

}  // namespace deblur::test
