#include "core/finite_differences.hpp"

#include "core/parallel.hpp"

#include <algorithm>
#include <utility>

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

Image diff_cols_periodic(const Image& x) {
  Image d(x.rows(), x.cols());
  d << diff_cols(x), x.col(0) - x.col(x.cols() - 1);
  return d;
}

Image diff_rows_periodic(const Image& x) {
  Image d(x.rows(), x.cols());
  d << diff_rows(x), x.row(0) - x.row(x.rows() - 1);
  return d;
}

Image diff_periodic_adjoint(const Image& g_cols, const Image& g_rows) {
  const Index m = g_cols.rows(), n = g_cols.cols();
  Image out = -g_cols - g_rows;
  out.rightCols(n - 1) += g_cols.leftCols(n - 1);
  out.col(0) += g_cols.col(n - 1);
  out.bottomRows(m - 1) += g_rows.topRows(m - 1);
  out.row(0) += g_rows.row(m - 1);
  return out;
}

namespace {

// W_r (∂_r v − t_r) on row i (i + 1 < m): n entries.
void weighted_row_difference(const Image& v, const Image& w_rows, const Image* t_rows, Index i, float* out) {
  const Index n = v.cols();
  const float* vi = v.data() + i * n;
  const float* vb = vi + n;
  const float* wr = w_rows.data() + i * n;
  if (t_rows) {
    const float* t = t_rows->data() + i * n;
    for (Index j = 0; j < n; ++j) out[j] = wr[j] * ((vb[j] - vi[j]) - t[j]);
  } else {
    for (Index j = 0; j < n; ++j) out[j] = wr[j] * (vb[j] - vi[j]);
  }
}

}  // namespace

void weighted_difference_gradient(const Image& v, const Image& w_cols, const Image& w_rows, const Image* t_cols,
                                  const Image* t_rows, Image& out, std::vector<float>& scratch, int threads) {
  const Index m = v.rows(), n = v.cols();
  if (m < 2 || n < 2) throw InvalidInput("image " + shape_string(v) + " is too small for differences");
  out.resize(m, n);
  const int chunks = std::max(1, threads);
  scratch.resize(static_cast<std::size_t>(3 * n * chunks));
  // Rows in chunks, each with its own three rows of scratch; a chunk starts by forming the rows' term
  // of the row above it, so every output is computed as on one thread.
  parallel_for(0, m, threads, std::max<Index>(1, kMinChunkPixels / n), [&](Index lo, Index hi, int chunk) {
    float* gc = scratch.data() + 3 * n * chunk;  // this row of W_c (∂_c v − t_c): n − 1 entries
    float* above = gc + n;                       // the previous row of W_r (∂_r v − t_r)
    float* below = above + n;                    // this row's
    if (lo > 0) weighted_row_difference(v, w_rows, t_rows, lo - 1, above);
    for (Index i = lo; i < hi; ++i) {
      const float* vi = v.data() + i * n;
      const float* wc = w_cols.data() + i * (n - 1);
      if (t_cols) {
        const float* t = t_cols->data() + i * (n - 1);
        for (Index j = 0; j + 1 < n; ++j) gc[j] = wc[j] * ((vi[j + 1] - vi[j]) - t[j]);
      } else {
        for (Index j = 0; j + 1 < n; ++j) gc[j] = wc[j] * (vi[j + 1] - vi[j]);
      }
      if (i + 1 < m) weighted_row_difference(v, w_rows, t_rows, i, below);
      // Each adjoint as above: zero, += the left (upper) neighbour's term, −= this one's; the rows'
      // part first, the columns' added in front of it (float addition commutes exactly).
      float* o = out.data() + i * n;
      if (i == 0) {
        for (Index j = 0; j < n; ++j) o[j] = 0.0f - below[j];
      } else if (i + 1 < m) {
        for (Index j = 0; j < n; ++j) o[j] = (0.0f + above[j]) - below[j];
      } else {
        for (Index j = 0; j < n; ++j) o[j] = 0.0f + above[j];
      }
      o[0] = (0.0f - gc[0]) + o[0];
      for (Index j = 1; j + 1 < n; ++j) o[j] = ((0.0f + gc[j - 1]) - gc[j]) + o[j];
      o[n - 1] = (0.0f + gc[n - 2]) + o[n - 1];
      std::swap(above, below);
    }
  });
}

}  // namespace deblur
