#pragma once
// The three operators of the valid-convolution model y = h ⊛ x (x is m×n, h is k×l, y is p×q with
// p = m−k+1, q = n−l+1), in true (flipping) convolution, 0-based:
//   (h ⊛ x)[i][j] = Σ_ab h[a][b] · x[i+k−1−a][j+l−1−b]
// Each has a direct and an FFT backend; Backend::Automatic picks the faster by a cost model.
#include "core/image.hpp"

namespace deblur {

enum class Backend { Automatic, Direct, Fft };

// h ⊛ x on valid support: p×q. MATLAB: conv2(x, h, 'valid').
Image valid_convolution(const Image& x, const Image& h, Backend backend = Backend::Automatic);

// x ⋆ r with the flip of the model: g[a][b] = Σ_ij r[i][j] · x[i+k−1−a][j+l−1−b], size k×l with
// k = m−p+1, l = n−q+1. With r the residual this is ∂f/∂h. MATLAB: conv2(rot90(x,2), r, 'valid').
Image valid_correlation(const Image& x, const Image& r, Backend backend = Backend::Automatic);

// r ⊛ rot180(h) on full support (the full correlation of r with h): m×n with m = p+k−1, n = q+l−1.
// The adjoint of x ↦ h ⊛ x; with r the residual this is ∂f/∂x. MATLAB: conv2(r, rot90(h,2), 'full').
Image full_correlation(const Image& r, const Image& h, Backend backend = Backend::Automatic);

// The cost model behind Backend::Automatic: Direct or Fft, whichever is predicted faster for these
// operators on an m×n image and a k×l kernel. Direct costs ∝ p·q·k·l multiply-adds, FFT ∝ a few
// P·Q·log(P·Q) transforms of the padded size; the constants were measured with bench_gradients.
Backend choose_backend(Index image_rows, Index image_cols, Index kernel_rows, Index kernel_cols);

// The direct backend's loops, writing into `out` (resized only when its shape differs, so repeated
// calls do not allocate) and split over `threads` threads. Inputs are not validated: these serve
// DataTerm, which checks shapes once.
namespace direct {
void valid_convolution(const Image& x, const Image& h, Image& out, int threads = 1);
void valid_correlation(const Image& x, const Image& r, Image& out, int threads = 1);
// `padded` is scratch for r with a zero border (kept between calls to avoid reallocation).
void full_correlation(const Image& r, const Image& h, Image& out, Image& padded, int threads = 1);
}  // namespace direct

}  // namespace deblur
