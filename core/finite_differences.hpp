#pragma once
// Forward differences on valid support and their adjoints. Valid differences commute with valid
// convolution (∂(h ⊛ x) = h ⊛ ∂x) and keep the model's sizes consistent: ∂x of an m×n image is
// m×(n−1), and of the p×q observation p×(q−1).
#include "core/image.hpp"

#include <vector>

namespace deblur {

// d[i][j] = x[i][j+1] − x[i][j]: m×(n−1).
Image diff_cols(const Image& x);
// d[i][j] = x[i+1][j] − x[i][j]: (m−1)×n.
Image diff_rows(const Image& x);

// Adjoints: Dᵀg for g of the shapes above; the result is m×n with m×n the image diff_* was applied to.
Image diff_cols_adjoint(const Image& g);
Image diff_rows_adjoint(const Image& g);

// Periodic forward differences: the same, with the last column (row) taken against the first; m×n.
Image diff_cols_periodic(const Image& x);
Image diff_rows_periodic(const Image& x);
// The adjoint of the pair: D_colsᵀ g_cols + D_rowsᵀ g_rows for periodic g_cols, g_rows of one shape.
Image diff_periodic_adjoint(const Image& g_cols, const Image& g_rows);

// out = diff_cols_adjoint(W_c ∘ (diff_cols(v) − t_c)) + diff_rows_adjoint(W_r ∘ (diff_rows(v) − t_r)),
// the gradient of ½Σ_d ‖√W_d (∂_d v − t_d)‖² (targets omitted when null), equal to that composition
// to the bit but in one pass over v's rows with `scratch` for three rows: solvers call it every CG
// iteration, where the composition's six image-sized temporaries cost more than its arithmetic.
// `out` is resized only when its shape differs. Rows are split over up to `threads`, with the same bits.
void weighted_difference_gradient(const Image& v, const Image& w_cols, const Image& w_rows, const Image* t_cols,
                                  const Image* t_rows, Image& out, std::vector<float>& scratch, int threads = 1);

}  // namespace deblur
