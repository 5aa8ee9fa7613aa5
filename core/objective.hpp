#pragma once
// The data term f(x, h) = ½‖h ⊛ x − y‖² with both gradients, for solvers that call it thousands of
// times. State is explicit so work is shared: set_image() / set_kernel() transform their argument
// once (FFT backend), and every evaluation reuses what did not change — in an h-step x is set once
// and only h moves, in an x-step the reverse.
#include "core/convolution.hpp"

#include <memory>

namespace deblur {

struct DataTermOptions {
  Backend backend = Backend::Automatic;  // Automatic: cost model picks direct or FFT per shape
  int threads = 0;                       // FFT threads; 0 = all cores
};

class DataTerm {
 public:
  // y is the observation (p×q); kernels are k×l and images (p+k−1)×(q+l−1).
  DataTerm(Image y, Index kernel_rows, Index kernel_cols, DataTermOptions options = {});
  ~DataTerm();
  DataTerm(DataTerm&&) noexcept;
  DataTerm& operator=(DataTerm&&) noexcept;

  void set_image(const Image& x);   // x: m×n
  void set_kernel(const Image& h);  // h: k×l

  // f only (one forward convolution): for line searches.
  double value();
  // f, and the gradients asked for (pass nullptr to skip one); the residual is computed once.
  double evaluate(Image* grad_x, Image* grad_h);

  const Image& observation() const;
  Index kernel_rows() const;
  Index kernel_cols() const;
  Backend backend() const;  // the backend actually used (never Automatic)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace deblur
