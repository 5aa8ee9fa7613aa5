#pragma once
// One run from a parsed command line: settings and checks, the kernel (given, estimated once with
// --kernel-from, or per photo), then every photo, in turn or several at once, and their record.
#include "app/cli.hpp"

namespace deblur::app {

// Returns the exit status: 0, or when a photo went wrong (reported on its own line, the others still
// written) 2 if it was a bad input, 1 if it failed while running or was not run after Ctrl-C. Throws
// BadInput (exit 2) for bad usage or configuration before anything is written, or RunFailure (exit 1).
int run(const CommandLine& command_line);

}  // namespace deblur::app
