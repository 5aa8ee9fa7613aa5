#pragma once
// Settings of the app itself (not the solver), configurable through the same TOML file and --set.
#include "solvers/options.hpp"

#include <string>
#include <vector>

namespace deblur::app {

// input.tone_curve: how the file's values relate to light.
enum class ToneCurveSetting { Auto, Srgb, Gamma, Linear };
constexpr std::array<solvers::Named<ToneCurveSetting>, 4> names(ToneCurveSetting) {
  return {{{ToneCurveSetting::Auto, "auto"},
           {ToneCurveSetting::Srgb, "srgb"},
           {ToneCurveSetting::Gamma, "gamma"},
           {ToneCurveSetting::Linear, "linear"}}};
}

struct AppSettings {
  double max_megapixels = 100;  // [input] images with more pixels are refused before decoding
  ToneCurveSetting tone_curve = ToneCurveSetting::Auto;  // [input] how the file's values relate to light: auto, srgb, gamma or linear
  double gamma = 2.2;               // [input] the exponent when tone_curve = "gamma" (stored = linear^(1/gamma))
  int snapshot_every = 10;      // [snapshots] iterations between two --snapshots writes
  double preview_fps = 15;      // [preview] maximum redraws per second
  double preview_linger = -1;   // [preview] seconds the final window stays open; -1 = until a key
};

// Every field of `settings`, in the same form as the solver's describe().
std::vector<solvers::OptionField> describe(AppSettings& settings);

}  // namespace deblur::app
