#include "app/app_settings.hpp"

namespace deblur::app {

std::vector<solvers::OptionField> describe(AppSettings& s) {
  return {
      {"input", "max_megapixels", "larger images are refused before they are decoded (million pixels)",
       &s.max_megapixels, 0.000001, 100000},
      {"input", "tone_curve",
       "how the stored values relate to light, which the blur acted on: auto (8/16-bit files are sRGB, float "
       "files linear), srgb, gamma (see input.gamma) or linear (the values are light already: raw or scientific data)",
       solvers::enum_value(s.tone_curve)},
      {"input", "gamma", "the exponent of tone_curve = gamma: stored = linear^(1/gamma)", &s.gamma, 1, 5},
      {"snapshots", "every", "iterations between two images written by --snapshots", &s.snapshot_every, 1,
       1000000},
      {"preview", "fps", "maximum redraws per second of the --preview window", &s.preview_fps, 0.1, 120},
      {"preview", "linger",
       "seconds the --preview window stays open on the result (a key or closing ends it); -1 = until a key",
       &s.preview_linger, -1, 86400},
  };
}

}  // namespace deblur::app
