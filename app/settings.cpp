#include "app/settings.hpp"

namespace deblur::app {

std::vector<solvers::OptionField> describe(Settings& settings) {
  std::vector<solvers::OptionField> fields = solvers::describe(settings.solver);
  for (solvers::OptionField& f : describe(settings.app)) fields.push_back(std::move(f));
  return fields;
}

}  // namespace deblur::app
