#include "core/objective.hpp"

namespace deblur {

// Placeholder implementation on the direct operators. TODO(core): FFT caching.
struct DataTerm::Impl {
  Image y, x, h;
  Index k, l;
  DataTermOptions options;
};

DataTerm::DataTerm(Image y, Index kernel_rows, Index kernel_cols, DataTermOptions options)
    : impl_(std::make_unique<Impl>()) {
  require_finite(y, "observation");
  if (kernel_rows < 1 || kernel_cols < 1)
    throw InvalidInput("kernel size " + std::to_string(kernel_rows) + "x" + std::to_string(kernel_cols) +
                       " must be at least 1x1");
  impl_->y = std::move(y);
  impl_->k = kernel_rows;
  impl_->l = kernel_cols;
  impl_->options = options;
}
DataTerm::~DataTerm() = default;
DataTerm::DataTerm(DataTerm&&) noexcept = default;
DataTerm& DataTerm::operator=(DataTerm&&) noexcept = default;

void DataTerm::set_image(const Image& x) {
  if (x.rows() != impl_->y.rows() + impl_->k - 1 || x.cols() != impl_->y.cols() + impl_->l - 1)
    throw InvalidInput("image " + shape_string(x) + " does not match observation " + shape_string(impl_->y) +
                       " and kernel " + std::to_string(impl_->k) + "x" + std::to_string(impl_->l));
  require_finite(x, "image");
  impl_->x = x;
}

void DataTerm::set_kernel(const Image& h) {
  if (h.rows() != impl_->k || h.cols() != impl_->l)
    throw InvalidInput("kernel " + shape_string(h) + " is not the declared " + std::to_string(impl_->k) + "x" +
                       std::to_string(impl_->l));
  require_finite(h, "kernel");
  impl_->h = h;
}

double DataTerm::value() { return evaluate(nullptr, nullptr); }

double DataTerm::evaluate(Image* grad_x, Image* grad_h) {
  const Image r = valid_convolution(impl_->x, impl_->h, Backend::Direct) - impl_->y;
  if (grad_x) *grad_x = full_correlation(r, impl_->h, Backend::Direct);
  if (grad_h) *grad_h = valid_correlation(impl_->x, r, Backend::Direct);
  return 0.5 * r.cast<double>().squaredNorm();
}

const Image& DataTerm::observation() const { return impl_->y; }
Index DataTerm::kernel_rows() const { return impl_->k; }
Index DataTerm::kernel_cols() const { return impl_->l; }
Backend DataTerm::backend() const { return Backend::Direct; }

}  // namespace deblur
