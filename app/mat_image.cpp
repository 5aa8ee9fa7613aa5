#include "app/mat_image.hpp"

namespace deblur::app {

Image to_image(const cv::Mat& m) {
  CV_Assert(m.type() == CV_32FC1);
  Image image(m.rows, m.cols);
  for (int r = 0; r < m.rows; ++r)
    std::copy(m.ptr<float>(r), m.ptr<float>(r) + m.cols, image.data() + static_cast<Index>(r) * m.cols);
  return image;
}

cv::Mat as_mat(const Image& image) {
  return cv::Mat(static_cast<int>(image.rows()), static_cast<int>(image.cols()), CV_32FC1,
                 const_cast<float*>(image.data()));
}

}  // namespace deblur::app
