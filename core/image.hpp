#pragma once
// The float image type of deblur and the checks every core entry point applies to its inputs.
//
// Image is an Eigen row-major dynamic matrix rather than a type of our own: (row, col) indexing and
// row-major storage match the fixtures and cv::Mat's layout (app/ wraps buffers without reshuffling),
// the data pointer feeds FFTW directly, and Eigen gives us arithmetic, norms and maps for free.
#include <Eigen/Core>

#include <stdexcept>
#include <string>

namespace deblur {

using Image = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Index = Eigen::Index;

// Thrown for inputs that make no sense: empty arrays, a kernel larger than the image, mismatched
// sizes, NaN/Inf. The message names the problem and the sizes.
class InvalidInput : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// "3x2" — for error messages.
std::string shape_string(const Image& a);

// ⟨a, b⟩ (same sizes) and ‖a‖²: float products summed in vectorised blocks of kDotBlock, the block
// sums in double (relative error ~1e-7; a plain double loop over cast<double>() does not vectorise and
// was a sixth of the solver's time). Deterministic: fixed block order, the same bits on any number
// of threads (parallel_block_sum).
inline constexpr Index kDotBlock = 1024;  // float error grows with the block, not the image
double dot(const Image& a, const Image& b, int threads = 1);
double squared_norm(const Image& a, int threads = 1);
// The dot of one block, as dot() forms it: for passes that fuse vector updates with their dots.
inline double block_dot(const float* a, const float* b, Index length) {
  return Eigen::Map<const Eigen::VectorXf>(a, length).dot(Eigen::Map<const Eigen::VectorXf>(b, length));
}

// Throws InvalidInput naming `what` if `a` is empty or holds a NaN or Inf.
void require_finite(const Image& a, const char* what);

}  // namespace deblur
