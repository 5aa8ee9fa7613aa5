#include "core/finite_differences.hpp"

namespace deblur {

Image diff_cols(const Image& x) {
  const Index n = x.cols();
  if (n < 2) throw InvalidInput("image " + shape_string(x) + " is too narrow for a column difference");
  return x.rightCols(n - 1) - x.leftCols(n - 1);
}

Image diff_rows(const Image& x) {
  const Index m = x.rows();
  if (m < 2) throw InvalidInput("image " + shape_string(x) + " is too short for a row difference");
  return x.bottomRows(m - 1) - x.topRows(m - 1);
}

// (Dᵀg)[j] = g[j−1] − g[j], with g zero outside its range.
Image diff_cols_adjoint(const Image& g) {
  const Index m = g.rows(), n = g.cols() + 1;
  Image out = Image::Zero(m, n);
  out.rightCols(n - 1) += g;
  out.leftCols(n - 1) -= g;
  return out;
}

Image diff_rows_adjoint(const Image& g) {
  const Index m = g.rows() + 1, n = g.cols();
  Image out = Image::Zero(m, n);
  out.bottomRows(m - 1) += g;
  out.topRows(m - 1) -= g;
  return out;
}

}  // namespace deblur
