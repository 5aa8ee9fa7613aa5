#pragma once
// Options of the blind deconvolution solver (the Ceres pattern): every knob with its default and
// meaning, validate() naming each problem. describe() lists every field with its section, key,
// range and documentation — the single source that the app's TOML reader, --set, --print-config
// and assets/default.toml are derived from, so a field added here is configurable everywhere.
#include <string>
#include <variant>
#include <vector>

namespace deblur::solvers {

struct Options {
  // [kernel]
  int kernel_size = 0;  // odd kernel side in pixels; 0 = automatic (from the image size, then the support found)

  // [pyramid]
  double pyramid_factor = 0.7071;  // scale ratio between pyramid levels (≈ 1/√2)
  int coarsest_kernel = 3;         // kernel side at the coarsest scale, in pixels

  // [image_step]
  double step_x = 1.0;  // multiplier of the automatic 1/L step of the x-step

  // [kernel_step]
  double step_h = 1.0;  // multiplier of the automatic 1/L step of the h-step

  // [final]
  bool final_enabled = true;  // run the non-blind pass at full resolution with the estimated kernel

  // [run]
  int threads = 0;  // worker threads; 0 = all cores

  std::vector<std::string> validate() const;  // empty when valid; else one message per problem
};

// One configurable field. Numbers are range-checked inclusively; strings must be one of `choices`.
struct OptionField {
  std::string section;  // TOML table, e.g. "pyramid"
  std::string key;      // key in that table, e.g. "factor"
  std::string doc;      // one line: meaning and default
  std::variant<double*, int*, bool*, std::string*> value;
  double min = 0, max = 0;           // numeric range (ignored for bool/string)
  std::vector<std::string> choices;  // allowed strings (string fields only)
};

// Every field of `options`, in documentation order, pointing into `options`.
std::vector<OptionField> describe(Options& options);

}  // namespace deblur::solvers
