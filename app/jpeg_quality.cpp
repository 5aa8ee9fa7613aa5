#include "app/jpeg_quality.hpp"

#include <cmath>
#include <fstream>
#include <iterator>

namespace deblur::app {

std::vector<QuantisationTable> read_quantisation_tables(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const auto byte = [&in]() -> int { return in.get(); };  // −1 at the end
  std::vector<QuantisationTable> tables;
  if (byte() != 0xFF || byte() != 0xD8) return tables;  // no SOI
  while (in) {
    int marker = byte();
    if (marker != 0xFF) return tables;  // not at a marker: corrupt header, keep what was read
    while (marker == 0xFF) marker = byte();  // fill bytes
    if (marker < 0 || marker == 0xDA || marker == 0xD9) return tables;  // start of scan, end of image
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // markers without a length
    const int high = byte(), low = byte();
    if (low < 0) return tables;
    int remaining = (high << 8 | low) - 2;
    if (marker != 0xDB) {
      in.seekg(remaining, std::ios::cur);
      continue;
    }
    while (remaining > 0) {  // one DQT segment may hold several tables
      const int precision_and_id = byte();
      const bool sixteen_bit = (precision_and_id >> 4) != 0;
      QuantisationTable t{};
      for (int& step : t) step = sixteen_bit ? (byte() << 8 | byte()) : byte();
      if (!in) return tables;
      tables.push_back(t);
      remaining -= 1 + (sixteen_bit ? 128 : 64);
    }
  }
  return tables;
}

double quantisation_rms(const QuantisationTable& table) {
  double sum = 0;
  for (int step : table) sum += static_cast<double>(step) * step / 12;
  return std::sqrt(sum / 64) / 255;
}

}  // namespace deblur::app
