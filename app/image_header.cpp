#include "app/image_header.hpp"

#include <cctype>
#include <fstream>
#include <vector>

namespace deblur::app {
namespace {

using Bytes = std::vector<unsigned char>;

std::uint64_t be(const Bytes& b, std::size_t at, int n) {
  std::uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = v << 8 | b[at + i];
  return v;
}
std::uint64_t le(const Bytes& b, std::size_t at, int n) {
  std::uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = v << 8 | b[at + i];
  return v;
}

std::optional<ImageSize> png(const Bytes& b) {
  if (b.size() < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') return std::nullopt;
  return ImageSize{be(b, 16, 4), be(b, 20, 4)};
}

// Walks the markers up to the first start-of-frame (SOF0–SOF15 except DHT, JPG, DAC).
std::optional<ImageSize> jpeg(std::ifstream& in) {
  in.seekg(2);
  unsigned char m[2], len[2];
  while (in.read(reinterpret_cast<char*>(m), 2)) {
    if (m[0] != 0xFF) return std::nullopt;
    if (m[1] == 0xFF) {  // fill byte
      in.seekg(-1, std::ios::cur);
      continue;
    }
    if (m[1] == 0xD8 || m[1] == 0x01 || (m[1] >= 0xD0 && m[1] <= 0xD7)) continue;  // no length
    if (!in.read(reinterpret_cast<char*>(len), 2)) return std::nullopt;
    const int length = len[0] << 8 | len[1];
    if (length < 2) return std::nullopt;
    if (m[1] >= 0xC0 && m[1] <= 0xCF && m[1] != 0xC4 && m[1] != 0xC8 && m[1] != 0xCC) {
      Bytes f(5);
      if (!in.read(reinterpret_cast<char*>(f.data()), 5)) return std::nullopt;
      return ImageSize{be(f, 3, 2), be(f, 1, 2)};
    }
    in.seekg(length - 2, std::ios::cur);
  }
  return std::nullopt;
}

std::optional<ImageSize> tiff(std::ifstream& in, bool little) {
  auto read = [&](std::uint64_t at, int n) -> std::optional<std::uint64_t> {
    Bytes b(n);
    in.clear();
    in.seekg(static_cast<std::streamoff>(at));
    if (!in.read(reinterpret_cast<char*>(b.data()), n)) return std::nullopt;
    return little ? le(b, 0, n) : be(b, 0, n);
  };
  const auto ifd = read(4, 4);
  if (!ifd) return std::nullopt;
  const auto count = read(*ifd, 2);
  if (!count) return std::nullopt;
  ImageSize size;
  for (std::uint64_t i = 0; i < *count; ++i) {
    const std::uint64_t entry = *ifd + 2 + 12 * i;
    const auto tag = read(entry, 2), type = read(entry + 2, 2);
    if (!tag || !type) return std::nullopt;
    if (*tag != 256 && *tag != 257) continue;
    const auto value = read(entry + 8, *type == 3 ? 2 : 4);  // SHORT or LONG
    if (!value) return std::nullopt;
    (*tag == 256 ? size.width : size.height) = *value;
  }
  if (size.width == 0 || size.height == 0) return std::nullopt;
  return size;
}

std::optional<ImageSize> webp(const Bytes& b) {
  if (b.size() < 30) return std::nullopt;
  const std::string chunk(b.begin() + 12, b.begin() + 16);
  if (chunk == "VP8 ") return ImageSize{le(b, 26, 2) & 0x3FFF, le(b, 28, 2) & 0x3FFF};
  if (chunk == "VP8L") {
    const std::uint64_t bits = le(b, 21, 4);
    return ImageSize{1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)};
  }
  if (chunk == "VP8X") return ImageSize{1 + le(b, 24, 3), 1 + le(b, 27, 3)};
  return std::nullopt;
}

// "P5 # comment\n 640 480 ..." — the first two numbers after the magic, skipping comments.
std::optional<ImageSize> pnm(std::ifstream& in) {
  in.seekg(2);
  std::uint64_t numbers[2];
  for (std::uint64_t& n : numbers) {
    int c = in.get();
    while (c != EOF && (std::isspace(c) || c == '#')) {
      if (c == '#')
        while (c != EOF && c != '\n') c = in.get();
      c = in.get();
    }
    if (c == EOF || !std::isdigit(c)) return std::nullopt;
    n = 0;
    for (; c != EOF && std::isdigit(c); c = in.get()) {
      n = n * 10 + static_cast<std::uint64_t>(c - '0');
      if (n > (1ull << 40)) return std::nullopt;
    }
  }
  return ImageSize{numbers[0], numbers[1]};
}

}  // namespace

std::optional<ImageSize> read_image_size(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  Bytes b(32, 0);
  if (!in.read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(b.size()))) {
    b.resize(static_cast<std::size_t>(in.gcount()));
    in.clear();
  }
  if (b.size() < 8) return std::nullopt;
  if (b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return png(b);
  if (b[0] == 0xFF && b[1] == 0xD8) return jpeg(in);
  if (b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) return tiff(in, true);
  if (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42) return tiff(in, false);
  if (b[0] == 'B' && b[1] == 'M' && b.size() >= 26) {
    const auto h = static_cast<std::int32_t>(le(b, 22, 4));
    return ImageSize{le(b, 18, 4), static_cast<std::uint64_t>(h < 0 ? -static_cast<std::int64_t>(h) : h)};
  }
  if (b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E') return webp(b);
  if (b[0] == 'P' && b[1] >= '1' && b[1] <= '6') return pnm(in);
  return std::nullopt;
}

}  // namespace deblur::app
