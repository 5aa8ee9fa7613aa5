#pragma once
// Forward differences on valid support and their adjoints. Valid differences commute with valid
// convolution (∂(h ⊛ x) = h ⊛ ∂x) and keep the model's sizes consistent: ∂x of an m×n image is
// m×(n−1), and of the p×q observation p×(q−1).
#include "core/image.hpp"

namespace deblur {

// d[i][j] = x[i][j+1] − x[i][j]: m×(n−1).
Image diff_cols(const Image& x);
// d[i][j] = x[i+1][j] − x[i][j]: (m−1)×n.
Image diff_rows(const Image& x);

// Adjoints: Dᵀg for g of the shapes above; the result is m×n with m×n the image diff_* was applied to.
Image diff_cols_adjoint(const Image& g);
Image diff_rows_adjoint(const Image& g);

}  // namespace deblur
