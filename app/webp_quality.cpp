#include "app/webp_quality.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <vector>

namespace deblur::app {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::uint32_t le32(const Bytes& b, std::size_t at) {
  return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}

// The boolean entropy decoder of the VP8 frame header (RFC 6386, section 7).
class BoolDecoder {
 public:
  BoolDecoder(const Bytes& b, std::size_t at) : b_(b), at_(at) {
    value_ = (next() << 8) | next();
  }
  bool bit(int probability = 128) {
    const unsigned split = 1 + (((range_ - 1) * probability) >> 8);
    const bool one = value_ >= split << 8;
    if (one) {
      range_ -= split;
      value_ -= split << 8;
    } else {
      range_ = split;
    }
    while (range_ < 128) {
      value_ <<= 1;
      range_ <<= 1;
      if (++bits_ == 8) {
        bits_ = 0;
        value_ |= next();
      }
    }
    return one;
  }
  int literal(int n) {
    int v = 0;
    while (n--) v = (v << 1) | bit();
    return v;
  }
  int signed_literal(int n) {
    const int v = literal(n);
    return bit() ? -v : v;
  }
  bool overrun() const { return at_ > b_.size() + 2; }

 private:
  unsigned next() { return at_ < b_.size() ? b_[at_++] : (++at_, 0u); }
  const Bytes& b_;
  std::size_t at_;
  unsigned value_ = 0, range_ = 255;
  int bits_ = 0;
};

// libwebp's compression factor c in [0, 1] of a VP8 key frame starting at `at`, from its luma AC
// quantiser indices q = 127 (1 - c^e): per segment the exponent e = 1 - k·alpha varies with the
// segment's texture, alpha spread about 0, so the geometric mean of the segments' 1 - q/127 is c.
std::optional<double> compression(const Bytes& b, std::size_t at) {
  if (at + 10 > b.size() || (b[at] & 1) != 0) return std::nullopt;  // not a key frame
  if (b[at + 3] != 0x9d || b[at + 4] != 0x01 || b[at + 5] != 0x2a) return std::nullopt;
  BoolDecoder d(b, at + 10);
  d.literal(2);  // colour space, clamping
  int segment_q[4] = {0, 0, 0, 0};
  bool segments = false, absolute = false;
  if (d.bit()) {  // segmentation enabled
    const bool update_map = d.bit();
    if (d.bit()) {  // segment feature data
      segments = true;
      absolute = d.bit();
      for (int& q : segment_q) q = d.bit() ? d.signed_literal(7) : 0;
      for (int i = 0; i < 4; ++i)
        if (d.bit()) d.signed_literal(6);  // loop filter levels
    }
    if (update_map)
      for (int i = 0; i < 3; ++i)
        if (d.bit()) d.literal(8);
  }
  d.literal(1 + 6 + 3);  // filter type, level, sharpness
  if (d.bit() && d.bit())  // loop filter deltas, updated
    for (int i = 0; i < 8; ++i)
      if (d.bit()) d.signed_literal(6);
  d.literal(2);  // DCT partitions
  const int base = d.literal(7);
  if (d.overrun()) return std::nullopt;
  const auto factor = [](int q) { return std::max(1 - std::clamp(q, 0, 127) / 127.0, 1e-6); };
  if (!segments) return factor(base);
  double log_sum = 0;
  for (int q : segment_q) log_sum += std::log(factor(absolute ? q : base + q));
  return std::exp(log_sum / 4);
}

}  // namespace

std::optional<int> lossy_webp_quality(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  Bytes b(64 * 1024);
  in.read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(b.size()));
  b.resize(static_cast<std::size_t>(in.gcount()));
  if (b.size() < 20 || std::string(b.begin(), b.begin() + 4) != "RIFF" || std::string(b.begin() + 8, b.begin() + 12) != "WEBP")
    return std::nullopt;
  // Chunks after the 12-byte RIFF header: find the image data, "VP8 " (lossy) or "VP8L" (lossless).
  for (std::size_t at = 12; at + 8 <= b.size();) {
    const std::string tag(b.begin() + static_cast<long>(at), b.begin() + static_cast<long>(at) + 4);
    const std::uint32_t size = le32(b, at + 4);
    if (tag == "VP8L") return std::nullopt;
    if (tag == "VP8 ") {
      const std::optional<double> c = compression(b, at + 8);
      if (!c) return std::nullopt;
      // Inverse of libwebp's quality -> compression map (QualityToCompression): c = linear^(1/3), with
      // linear = 2/3 quality below quality 0.75, else 2 quality - 1.
      const double linear = std::pow(*c, 3);
      const double quality = linear < 0.5 ? 1.5 * linear : (linear + 1) / 2;
      return static_cast<int>(std::lround(100 * quality));
    }
    at += 8 + size + (size & 1);
  }
  return std::nullopt;
}

}  // namespace deblur::app
