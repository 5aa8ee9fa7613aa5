#include "solvers/options.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace deblur::solvers {

std::vector<OptionField> describe(Options& o) {
  return {
      {"kernel", "size", "odd kernel side in pixels; 0 = automatic", &o.kernel_size, 0, 501, {}},
      {"pyramid", "factor", "scale ratio between pyramid levels", &o.pyramid_factor, 0.3, 0.95, {}},
      {"pyramid", "coarsest_kernel", "kernel side at the coarsest scale (px)", &o.coarsest_kernel, 1, 15, {}},
      {"image_step", "step", "multiplier of the automatic 1/L step of the x-step", &o.step_x, 1e-3, 10, {}},
      {"kernel_step", "step", "multiplier of the automatic 1/L step of the h-step", &o.step_h, 1e-3, 10, {}},
      {"final", "enabled", "run the non-blind pass at full resolution", &o.final_enabled, 0, 0, {}},
      {"run", "threads", "worker threads; 0 = all cores", &o.threads, 0, 256, {}},
  };
}

std::vector<std::string> Options::validate() const {
  Options copy = *this;
  std::vector<std::string> problems;
  for (const OptionField& f : describe(copy)) {
    const std::string name = f.section + "." + f.key;
    std::visit(
        [&](auto* p) {
          using T = std::remove_pointer_t<decltype(p)>;
          if constexpr (std::is_same_v<T, double> || std::is_same_v<T, int>) {
            const double v = static_cast<double>(*p);
            if (!std::isfinite(v) || v < f.min || v > f.max) {
              std::ostringstream s;
              s << name << " = " << v << " is outside [" << f.min << ", " << f.max << "]";
              problems.push_back(s.str());
            }
          } else if constexpr (std::is_same_v<T, std::string>) {
            if (std::find(f.choices.begin(), f.choices.end(), *p) == f.choices.end())
              problems.push_back(name + " = \"" + *p + "\" is not one of the allowed values");
          }
        },
        f.value);
  }
  if (kernel_size != 0 && kernel_size % 2 == 0)
    problems.push_back("kernel.size = " + std::to_string(kernel_size) + " must be odd (or 0 for automatic)");
  return problems;
}

}  // namespace deblur::solvers
