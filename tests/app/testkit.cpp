// Helper for the app's end-to-end tests: writes the synthetic test images and measures results, so the
// shell scripts can assert on pixels. Independent of app/ (OpenCV only), so it checks it from outside.
//   testkit images DIR     synthetic inputs, a blur case with its truth, broken files
//   testkit info IMG       "WxH channels depth-bits"
//   testkit psnr A B       PSNR in dB, both read as stored and scaled to [0, 1]
//   testkit same A B       exit 0 if the pixels are identical
//   testkit alpha-same A B exit 0 if the alpha planes are identical
//   testkit kernel-sum IMG sum of a float kernel
//   testkit nonblank IMG   exit 0 if the picture has contrast (standard deviation > 20 of 255)
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>

namespace {

double full_scale(int depth) { return depth == CV_8U ? 255.0 : depth == CV_16U ? 65535.0 : 1.0; }

cv::Mat read(const std::string& path) {
  cv::Mat m = cv::imread(path, cv::IMREAD_UNCHANGED);
  if (m.empty()) {
    std::fprintf(stderr, "testkit: cannot read %s\n", path.c_str());
    std::exit(3);
  }
  return m;
}

cv::Mat unit(const cv::Mat& m) {
  cv::Mat f;
  m.convertTo(f, CV_32F, 1.0 / full_scale(m.depth()));
  return f;
}

// A sharp test scene: shapes with hard edges over a smooth ramp, values in [0.1, 0.9].
cv::Mat scene(int rows, int cols, unsigned seed) {
  cv::Mat x(rows, cols, CV_32F);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) x.at<float>(r, c) = 0.3f + 0.2f * static_cast<float>(c) / static_cast<float>(cols);
  cv::RNG rng(seed);
  for (int i = 0; i < 14; ++i) {
    const cv::Point p(rng.uniform(0, cols), rng.uniform(0, rows));
    const float v = static_cast<float>(rng.uniform(0.1, 0.9));
    if (i % 2) cv::circle(x, p, rng.uniform(4, rows / 5), v, cv::FILLED);
    else cv::rectangle(x, p, p + cv::Point(rng.uniform(4, cols / 4), rng.uniform(4, rows / 4)), v, cv::FILLED);
  }
  return x;
}

// y = h ⊛ x on the valid support: y[i][j] = Σ_ab h[a][b]·x[i+k−1−a][j+l−1−b].
cv::Mat blur_valid(const cv::Mat& x, const cv::Mat& h) {
  const int k = h.rows, l = h.cols;
  cv::Mat y(x.rows - k + 1, x.cols - l + 1, CV_32F, 0.0f);
  for (int i = 0; i < y.rows; ++i)
    for (int j = 0; j < y.cols; ++j) {
      double s = 0;
      for (int a = 0; a < k; ++a)
        for (int b = 0; b < l; ++b) s += h.at<float>(a, b) * x.at<float>(i + k - 1 - a, j + l - 1 - b);
      y.at<float>(i, j) = static_cast<float>(s);
    }
  return y;
}

void write16(const std::string& path, const cv::Mat& unit_image) {
  cv::Mat out;
  unit_image.convertTo(out, CV_16U, 65535.0);
  cv::imwrite(path, out);
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

int images(const std::string& dir) {
  const cv::Mat x = scene(48, 64, 1);
  cv::Mat grey8, colour8, colour16, rgba8;
  x.convertTo(grey8, CV_8U, 255.0);
  cv::Mat channels[3] = {x, scene(48, 64, 2), scene(48, 64, 3)};
  cv::Mat colour;
  cv::merge(channels, 3, colour);
  colour.convertTo(colour8, CV_8U, 255.0);
  colour.convertTo(colour16, CV_16U, 65535.0);
  cv::Mat alpha(48, 64, CV_8U);
  for (int r = 0; r < 48; ++r)
    for (int c = 0; c < 64; ++c) alpha.at<unsigned char>(r, c) = static_cast<unsigned char>((r * 5 + c * 3) % 256);
  cv::Mat planes[4] = {channels[0], channels[1], channels[2], cv::Mat()};
  std::vector<cv::Mat> bgra;
  for (int i = 0; i < 3; ++i) {
    cv::Mat p8;
    planes[i].convertTo(p8, CV_8U, 255.0);
    bgra.push_back(p8);
  }
  bgra.push_back(alpha);
  cv::merge(bgra, rgba8);
  cv::imwrite(dir + "/grey8.png", grey8);
  cv::imwrite(dir + "/colour8.png", colour8);
  cv::imwrite(dir + "/colour16.png", colour16);
  cv::imwrite(dir + "/rgba8.png", rgba8);
  cv::imwrite(dir + "/tiny.png", cv::Mat(1, 1, CV_8U, cv::Scalar(128)));
  cv::Mat small;
  cv::resize(grey8, small, cv::Size(32, 32));
  cv::imwrite(dir + "/small32.png", small);

  // The same pictures in every input format, for the header reader.
  cv::imwrite(dir + "/grey8.jpg", grey8);
  cv::imwrite(dir + "/grey8.tif", grey8);
  cv::imwrite(dir + "/float32.tiff", x);
  cv::imwrite(dir + "/colour16.tif", colour16);
  cv::imwrite(dir + "/colour8.webp", colour8);
  cv::imwrite(dir + "/colour32.tiff", colour, {cv::IMWRITE_TIFF_COMPRESSION, 1});
  // Lossy WebP at two qualities, larger so that the encoder's choices are those of a photo.
  cv::Mat photo8;
  cv::resize(colour8, photo8, cv::Size(256, 192), 0, 0, cv::INTER_CUBIC);
  cv::imwrite(dir + "/lossy50.webp", photo8, {cv::IMWRITE_WEBP_QUALITY, 50});
  cv::imwrite(dir + "/lossy90.webp", photo8, {cv::IMWRITE_WEBP_QUALITY, 90});
  cv::imwrite(dir + "/grey8.bmp", grey8);
  cv::imwrite(dir + "/grey8.pgm", grey8);
  cv::imwrite(dir + "/colour16.ppm", colour16);

  // A JPEG stored 64x48 whose EXIF orientation (6: rotate 90° clockwise) makes it 48x64 on screen.
  std::vector<unsigned char> jpeg;
  cv::imencode(".jpg", grey8, jpeg);
  const unsigned char exif[] = {0xFF, 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,             // APP1, length 34
                                'M', 'M', 0, 42, 0, 0, 0, 8,                            // TIFF header
                                0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0,         // Orientation = 6
                                0, 0, 0, 0};                                            // no next IFD
  jpeg.insert(jpeg.begin() + 2, exif, exif + sizeof exif);
  std::ofstream(dir + "/rotated.jpg", std::ios::binary).write(reinterpret_cast<const char*>(jpeg.data()),
                                                              static_cast<std::streamsize>(jpeg.size()));

  // Headers announcing 40000x40000 pixels with no pixel data behind them.
  const unsigned char png_header[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                      0, 0, 0x9C, 0x40, 0, 0, 0x9C, 0x40, 8, 0, 0, 0, 0, 0, 0, 0, 0};
  std::ofstream(dir + "/huge.png", std::ios::binary).write(reinterpret_cast<const char*>(png_header), sizeof png_header);
  // 10001x10000: 100.01 megapixels, just above the default limit of 100.
  const unsigned char over_header[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                       0, 0, 0x27, 0x11, 0, 0, 0x27, 0x10, 8, 0, 0, 0, 0, 0, 0, 0, 0};
  std::ofstream(dir + "/over.png", std::ios::binary).write(reinterpret_cast<const char*>(over_header), sizeof over_header);
  write_text(dir + "/huge.pgm", "P5\n# huge\n40000 40000\n255\n");

  // Broken files.
  cv::Mat with_nan = x.clone();
  with_nan.at<float>(5, 7) = std::numeric_limits<float>::quiet_NaN();
  cv::imwrite(dir + "/nan.tiff", with_nan);
  write_text(dir + "/empty.png", "");
  write_text(dir + "/text.png", "this is not a picture\n");
  std::vector<unsigned char> png;
  cv::imencode(".png", grey8, png);
  std::ofstream(dir + "/truncated.png", std::ios::binary).write(reinterpret_cast<const char*>(png.data()), 100);

  // A blur case with known truth: a diagonal motion kernel, noise σ = 0.002.
  const int k = 9, c = k / 2;
  cv::Mat h(k, k, CV_32F, 0.0f);
  for (int i = 1; i < k - 1; ++i) h.at<float>(i, i) = 1.0f + 0.1f * static_cast<float>(i);
  h.at<float>(c, c + 1) = 0.5f;
  h /= cv::sum(h)[0];
  const cv::Mat sharp = scene(96, 96, 4);
  cv::Mat y = blur_valid(sharp, h);
  cv::Mat noise(y.size(), CV_32F);
  cv::RNG(7).fill(noise, cv::RNG::NORMAL, 0.0, 0.002);
  y += noise;
  write16(dir + "/case_blurred.png", y);
  write16(dir + "/case_truth.png", sharp(cv::Rect(c, c, y.cols, y.rows)));
  cv::imwrite(dir + "/case_kernel.tiff", h);
  std::string csv;
  for (int r = 0; r < k; ++r)
    for (int col = 0; col < k; ++col) csv += cv::format("%.9g%s", h.at<float>(r, col), col + 1 < k ? "," : "\n");
  write_text(dir + "/case_kernel.csv", csv);
  double h_max = 0;
  cv::minMaxLoc(h, nullptr, &h_max);
  write16(dir + "/case_kernel.png", h / h_max);

  // Broken kernels.
  write_text(dir + "/kernel_even.csv", "0.25,0.25\n0.25,0.25\n");
  write_text(dir + "/kernel_negative.csv", "0,0.5,0\n0,-0.5,0\n0,1,0\n");
  write_text(dir + "/kernel_nan.csv", "0,0,0\n0,nan,0\n0,0,0\n");
  write_text(dir + "/kernel_empty.csv", "\n");
  write_text(dir + "/kernel_ragged.csv", "0,1,0\n0,1\n0,1,0\n");
  cv::imwrite(dir + "/kernel_large.tiff", cv::Mat(99, 99, CV_32F, cv::Scalar(1.0f)));
  return 0;
}

double psnr(const cv::Mat& a, const cv::Mat& b) {
  const cv::Mat d = unit(a) - unit(b);
  const double mse = cv::mean(d.mul(d))[0];
  return 10 * std::log10(1.0 / std::max(mse, 1e-20));
}

}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "images" && argc == 3) return images(argv[2]);
  if (cmd == "info" && argc == 3) {
    const cv::Mat m = read(argv[2]);
    std::printf("%dx%d %d %d\n", m.cols, m.rows, m.channels(),
                m.depth() == CV_8U ? 8 : m.depth() == CV_16U ? 16 : m.depth() == CV_32F ? 32 : -1);
    return 0;
  }
  if (cmd == "psnr" && argc == 4) {
    const cv::Mat a = read(argv[2]), b = read(argv[3]);
    if (a.size() != b.size() || a.channels() != b.channels()) return std::fprintf(stderr, "testkit: shapes differ\n"), 3;
    std::printf("%.3f\n", psnr(a, b));
    return 0;
  }
  if (cmd == "same" && argc == 4) {
    const cv::Mat a = read(argv[2]), b = read(argv[3]);
    return a.type() == b.type() && a.size() == b.size() && cv::norm(a, b, cv::NORM_INF) == 0 ? 0 : 1;
  }
  if (cmd == "max-diff" && argc == 4) {  // on the [0, 1] scale, values clipped to it
    const cv::Mat a = read(argv[2]), b = read(argv[3]);
    if (a.size() != b.size() || a.channels() != b.channels()) return std::fprintf(stderr, "testkit: shapes differ\n"), 3;
    cv::Mat ua = cv::min(cv::max(unit(a), 0.0), 1.0), ub = cv::min(cv::max(unit(b), 0.0), 1.0);
    std::printf("%.3g\n", cv::norm(ua, ub, cv::NORM_INF));
    return 0;
  }
  if (cmd == "alpha-same" && argc == 4) {
    const cv::Mat a = read(argv[2]), b = read(argv[3]);
    if (a.channels() != 4 || b.channels() != 4 || a.size() != b.size()) return 1;
    cv::Mat pa, pb;
    cv::extractChannel(a, pa, 3);
    cv::extractChannel(b, pb, 3);
    return cv::norm(pa, pb, cv::NORM_INF) == 0 ? 0 : 1;
  }
  if (cmd == "kernel-sum" && argc == 3) {
    const cv::Mat m = read(argv[2]);
    double lo;
    cv::minMaxLoc(m.reshape(1), &lo);
    std::printf("%.9f %d %s\n", cv::sum(m)[0], m.depth() == CV_32F ? 32 : 0, lo >= 0 ? "nonnegative" : "negative");
    return 0;
  }
  if (cmd == "nonblank" && argc == 3) {
    cv::Mat grey = read(argv[2]);
    if (grey.channels() > 1) cv::cvtColor(grey, grey, grey.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    cv::Scalar mean, sd;
    cv::meanStdDev(grey, mean, sd);
    std::printf("%dx%d mean %.1f sd %.1f\n", grey.cols, grey.rows, mean[0], sd[0]);
    return sd[0] > 20 ? 0 : 1;
  }
  std::fprintf(stderr, "usage: testkit images DIR | info IMG | psnr A B | same A B | max-diff A B | alpha-same A B | kernel-sum IMG | nonblank IMG\n");
  return 3;
}
