#pragma once
// The data term f(x, h) = ½‖h ⊛ x − y‖² with both gradients, for solvers that call it thousands of
// times. State is explicit so work is shared: set_image() / set_kernel() transform their argument
// once (FFT backend), and every evaluation reuses what did not change — in an h-step x is set once
// and only h moves, in an x-step the reverse.
//
// FFT backend cost per call, in transforms of the padded size: set_image 1, value 1, evaluate 1 per
// gradient +1 for the residual's spectrum; set_kernel and ∂f/∂h use transforms pruned to the k
// kernel rows (≈ ⅓–½ of one). So an x-step evaluation (set_image + evaluate(&gx, nullptr)) is 4, an
// h-step (set_kernel + evaluate(nullptr, &gh)) about 3, and a line-search trial (set_image + value) 2.
// One DataTerm must not be used from two threads at once; separate DataTerms may, and share plans.
#include "core/convolution.hpp"
#include "core/fft.hpp"

#include <memory>

namespace deblur {

struct DataTermOptions {
  Backend backend = Backend::Automatic;  // Automatic: cost model (choose_backend) picks per shape
  int threads = 0;                       // threads for transforms and loops; 0 = all cores. Results are
                                         // the same to the bit for every count: sums run in one order
  // FFTW planning effort (see FftPlanning): Automatic measures only large transforms, where the
  // 1–3 s of planning is repaid within ~200 evaluations; small pyramid levels plan instantly.
  // Plans are cached per size, so several DataTerms of one shape plan once.
  FftPlanning planning = FftPlanning::Automatic;

  void validate() const;  // throws InvalidInput for threads < 0
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

  // f only (one forward convolution): for line searches. The residual is kept, so a following
  // evaluate() at the same x and h does not recompute it.
  double value();
  // f, and the gradients asked for (pass nullptr to skip one); the residual is computed once.
  // Gradients are resized only when their shape differs: after the first call nothing allocates
  // (with threads > 1 too, once the thread pool has started).
  // Throws InvalidInput if set_image() or set_kernel() has not been called.
  double evaluate(Image* grad_x, Image* grad_h);
  // The same gradients without f, for CG loops: ∂f/∂x alone skips the residual's sums, a pass as
  // long as the residual's own. f asked for later at the same x and h is the same number.
  void gradients(Image* grad_x, Image* grad_h);

  // Observations to leave out: f = ½‖M ⊙ (h ⊛ x − y)‖² with M = 1 where `keep` is non-zero, 0 elsewhere
  // (p×q, like y; empty = keep all). A clipped pixel of y says only that h ⊛ x is at least as bright,
  // so the estimator leaves clipped pixels out of the fit.
  void set_observation_mask(const Image& keep);
  const Image& observation() const;
  Index kernel_rows() const;
  Index kernel_cols() const;
  Backend backend() const;  // the backend actually used (never Automatic)
  int threads() const;      // resolved thread count (≥ 1)
  // The padded transform size of the FFT backend (0×0 for Direct): for benchmarks and logs.
  Index fft_rows() const;
  Index fft_cols() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace deblur
