#pragma once
// One deblurring run from a parsed command line: settings, checks, solve, write.
#include "app/cli.hpp"

namespace deblur::app {

// Throws BadInput (exit 2) before anything is written, or RunFailure (exit 1).
void run(const CommandLine& command_line);

}  // namespace deblur::app
