// The seed's fixtures (tests/data/fixtures: MATLAB conv2 formulas run in GNU Octave): f, ∂f/∂h and ∂f/∂x within 1e-5
// relative, for both backends, through the free operators and through DataTerm.
#include "core/objective.hpp"
#include "helpers.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace deblur {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  std::string name;
  std::map<std::string, Eigen::MatrixXd> blocks;  // x, h, y, f, grad_h, grad_x (double, as stored)
  Image get(const std::string& key) const { return blocks.at(key).cast<float>(); }
};

// Format (README there): a header line, then blocks "<name> <rows> <cols>" each followed by <rows>
// lines of <cols> numbers.
Fixture read_fixture(const fs::path& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in, "cannot open " << path);
  Fixture fx{path.stem().string(), {}};
  std::string line;
  std::getline(in, line);
  REQUIRE_MESSAGE(line.rfind("# q59089 fixture", 0) == 0, "bad header in " << path);
  std::string key;
  Index rows = 0, cols = 0;
  while (in >> key >> rows >> cols) {
    Eigen::MatrixXd a(rows, cols);
    for (Index i = 0; i < rows; ++i)
      for (Index j = 0; j < cols; ++j)
        REQUIRE_MESSAGE(static_cast<bool>(in >> a(i, j)), "truncated block " << key << " in " << path);
    fx.blocks[key] = a;
  }
  for (const char* k : {"x", "h", "y", "f", "grad_h", "grad_x"})
    REQUIRE_MESSAGE(fx.blocks.count(k) == 1, "block " << k << " missing in " << path);
  return fx;
}

std::vector<Fixture> all_fixtures() {
  const fs::path dir = DEBLUR_FIXTURES_DIR;
  std::vector<Fixture> out;
  if (fs::is_directory(dir))
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".txt" && e.path().stem().string().rfind("q59089_", 0) == 0)
        out.push_back(read_fixture(e.path()));
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) { return a.name < b.name; });
  return out;
}

constexpr double kTolerance = 1e-5;

TEST_CASE("fixtures: the six seed cases are present") {
  const auto fixtures = all_fixtures();
  INFO("looked in " << DEBLUR_FIXTURES_DIR);
  CHECK(fixtures.size() >= 6);
}

TEST_CASE("fixtures: DataTerm reproduces f, grad_h and grad_x with both backends") {
  for (const Fixture& fx : all_fixtures())
    for (Backend backend : test::kBackends) {
      CAPTURE(fx.name);
      CAPTURE(test::name(backend));
      const Image x = fx.get("x"), h = fx.get("h");
      DataTerm term(fx.get("y"), h.rows(), h.cols(), {backend, 1});
      REQUIRE(term.backend() == backend);
      term.set_image(x);
      term.set_kernel(h);
      Image gx, gh;
      const double f = term.evaluate(&gx, &gh);
      const double f_ref = fx.blocks.at("f")(0, 0);
      CHECK(std::abs(f - f_ref) / f_ref < kTolerance);
      CHECK(term.value() == f);
      CHECK(test::relative_error(gh, fx.get("grad_h")) < kTolerance);
      CHECK(test::relative_error(gx, fx.get("grad_x")) < kTolerance);
    }
}

TEST_CASE("fixtures: the free operators reproduce the seed's conv2 expressions with both backends") {
  for (const Fixture& fx : all_fixtures())
    for (Backend backend : test::kBackends) {
      CAPTURE(fx.name);
      CAPTURE(test::name(backend));
      const Image x = fx.get("x"), h = fx.get("h");
      const Image r = valid_convolution(x, h, backend) - fx.get("y");
      CHECK(std::abs(0.5 * r.cast<double>().squaredNorm() - fx.blocks.at("f")(0, 0)) / fx.blocks.at("f")(0, 0) <
            kTolerance);
      CHECK(test::relative_error(valid_correlation(x, r, backend), fx.get("grad_h")) < kTolerance);
      CHECK(test::relative_error(full_correlation(r, h, backend), fx.get("grad_x")) < kTolerance);
    }
}

}  // namespace
}  // namespace deblur
