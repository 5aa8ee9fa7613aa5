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

TEST_CASE("an enum field reads and writes its value by name, and only the names of its table") {
  Options o;
  int enums = 0;
  for (OptionField& f : describe(o)) {
    const auto* e = std::get_if<EnumValue>(&f.value);
    if (!e) continue;
    ++enums;
    CAPTURE(f.section + "." + f.key);
    const std::string start = e->get();
    for (const std::string& name : e->names) {
      CHECK(e->set(name));
      CHECK(e->get() == name);
    }
    CHECK_FALSE(e->set("l1"));
    CHECK(e->get() == e->names.back());  // unchanged
    CHECK(e->set(start));
  }
  CHECK(enums == 3);  // image_step.prior, run.estimator, run.estimation_region
  CHECK(o.validate().empty());
  o.estimator = Estimator::Fourier;
  CHECK(to_string(o.estimator) == "fourier");
  CHECK(parse<Estimator>("fourier") == Estimator::Fourier);
  CHECK(parse<Estimator>("Fourier") == std::nullopt);
}

TEST_CASE("validate rejects an enum value outside its table") {
  Options o;
  o.image_prior = static_cast<ImagePrior>(7);
  CHECK(mentions(o.validate(), "image_step.prior"));
}
