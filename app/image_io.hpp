#pragma once
// Reading and writing photos with OpenCV imgcodecs: PNG, JPEG, TIFF, BMP, WebP, PNM; 8/16-bit (and
// float TIFF); grey, colour, colour + alpha.
#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace deblur::app {

// Decodes `path` exactly as stored (CV_8U, CV_16U or CV_32F; 1, 3 or 4 channels, BGR(A) order).
// The header is read first and images above `max_megapixels` are refused before decoding. Throws
// BadInput with one line naming the file and the reason (missing, empty, not an image, corrupt, too big).
cv::Mat read_image(const std::string& path, double max_megapixels);

// Throws BadInput if an image cannot be written to `output`: unknown format, same file as `input`
// (also through another path or a hard link), folder missing or not writable.
void check_output_path(const std::string& input, const std::string& output);

// `image` converted to what the format of `path` holds (bit depth, channels); each loss is described
// in `warnings` ("JPEG holds 8 bits: writing 8-bit").
cv::Mat fit_to_format(const cv::Mat& image, const std::string& path, std::vector<std::string>& warnings);

// Writes `image` (already fitted) through a temporary file renamed into place. Float TIFF is written
// uncompressed (exact). A WebP output of a lossy WebP `like` (the input photo) is lossy at about its
// quality; otherwise WebP is lossless. Throws RunFailure.
void write_image(const std::string& path, const cv::Mat& image, const std::string& like = {});

// True when `a` and `b` name the same file (same path once resolved, or the same inode).
bool same_file(const std::string& a, const std::string& b);

}  // namespace deblur::app
