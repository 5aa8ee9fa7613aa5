#include "solvers/options.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace deblur::solvers;

namespace {

bool mentions(const std::vector<std::string>& problems, const std::string& name) {
  for (const std::string& p : problems)
    if (p.find(name) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("the default options are valid") { CHECK(Options{}.validate().empty()); }

TEST_CASE("validate rejects every out-of-range number, naming the field") {
  const std::size_t count = [] {
    Options o;
    return describe(o).size();
  }();
  for (std::size_t i = 0; i < count; ++i) {
    for (double bad : {-1e9, 1e9, std::numeric_limits<double>::quiet_NaN()}) {
      Options o;
      OptionField f = describe(o)[i];
      if (std::holds_alternative<double*>(f.value)) *std::get<double*>(f.value) = bad;
      else if (std::holds_alternative<int*>(f.value) && !std::isnan(bad)) *std::get<int*>(f.value) = static_cast<int>(bad);
      else continue;
      CAPTURE(f.section + "." + f.key);
      CHECK(mentions(o.validate(), f.section + "." + f.key));
    }
  }
}

TEST_CASE("validate rejects inconsistent combinations") {
  Options o;
  o.kernel_size = 20;
  CHECK(mentions(o.validate(), "kernel.size"));
  o = {};
  o.auto_size_min = 51;
  o.auto_size_max = 31;
  CHECK(mentions(o.validate(), "kernel.auto_min"));
  o = {};
  o.lambda_min = 2 * o.lambda;
  CHECK(mentions(o.validate(), "image_step.lambda_min"));
  o = {};
  o.coarsest_kernel = 4;
  CHECK(mentions(o.validate(), "pyramid.coarsest_kernel"));
}

TEST_CASE("validate rejects a prior that is not one of the choices") {
  Options o;
  o.image_prior = "l1";
  CHECK(mentions(o.validate(), "image_step.prior"));
  o.image_prior = "tv";
  CHECK(o.validate().empty());
}
