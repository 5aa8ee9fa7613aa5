#pragma once
// Everything a run can be configured with: the solver's Options and the app's own settings.
#include "app/app_settings.hpp"
#include "solvers/options.hpp"

#include <vector>

namespace deblur::app {

struct Settings {
  solvers::Options solver;
  AppSettings app;
};

// The solver's fields, then the app's: the list that config, --set and --print-config walk.
std::vector<solvers::OptionField> describe(Settings& settings);

}  // namespace deblur::app
