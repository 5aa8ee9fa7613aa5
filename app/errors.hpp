#pragma once
// The two kinds of failure the app reports, each with its exit status (documented in --help/README).
#include <stdexcept>

namespace deblur::app {

enum ExitCode : int { kSuccess = 0, kRunFailure = 1, kBadInput = 2 };

// Bad usage, bad configuration or a bad input file: exit 2, nothing written.
struct BadInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Something failed while running (solver error, write failure): exit 1.
struct RunFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace deblur::app
