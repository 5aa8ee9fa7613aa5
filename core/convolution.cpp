#include "core/convolution.hpp"

namespace deblur {
namespace {

void require_kernel_fits(const Image& x, const Image& h) {
  require_finite(x, "image");
  require_finite(h, "kernel");
  if (h.rows() > x.rows() || h.cols() > x.cols())
    throw InvalidInput("kernel " + shape_string(h) + " is larger than image " + shape_string(x));
}

}  // namespace

// Direct backend. TODO(core): FFT backend and cost model behind Backend::Automatic.
Image valid_convolution(const Image& x, const Image& h, Backend) {
  require_kernel_fits(x, h);
  const Index k = h.rows(), l = h.cols(), p = x.rows() - k + 1, q = x.cols() - l + 1;
  Image y = Image::Zero(p, q);
  for (Index a = 0; a < k; ++a)
    for (Index b = 0; b < l; ++b) y += h(a, b) * x.block(k - 1 - a, l - 1 - b, p, q);
  return y;
}

Image valid_correlation(const Image& x, const Image& r, Backend) {
  require_kernel_fits(x, r);
  const Index p = r.rows(), q = r.cols(), k = x.rows() - p + 1, l = x.cols() - q + 1;
  Image g(k, l);
  for (Index a = 0; a < k; ++a)
    for (Index b = 0; b < l; ++b) g(a, b) = x.block(k - 1 - a, l - 1 - b, p, q).cwiseProduct(r).sum();
  return g;
}

Image full_correlation(const Image& r, const Image& h, Backend) {
  require_finite(r, "residual");
  require_finite(h, "kernel");
  const Index k = h.rows(), l = h.cols(), p = r.rows(), q = r.cols();
  Image g = Image::Zero(p + k - 1, q + l - 1);
  for (Index a = 0; a < k; ++a)
    for (Index b = 0; b < l; ++b) g.block(k - 1 - a, l - 1 - b, p, q) += h(a, b) * r;
  return g;
}

}  // namespace deblur
