#pragma once
// The command line (CLI11): what the user typed, before it is merged with the config file.
#include "solvers/estimation_region.hpp"

#include <optional>
#include <string>
#include <vector>

namespace deblur::app {

struct CommandLine {
  std::vector<std::string> inputs;   // INPUT...
  std::string output;                // -o FILE (one input)
  std::string output_dir, suffix;    // --output-dir DIR: DIR/<input stem><suffix><input extension>
  std::string config;                // --config FILE
  std::vector<std::string> sets;     // --set section.key=value, in order
  bool print_config = false;
  std::optional<int> kernel_size;    // --kernel-size: 0 = auto; unset = not typed
  std::string save_kernel, kernel;   // --save-kernel FILE, --kernel FILE
  std::string kernel_from;           // --kernel-from PHOTO: one kernel, estimated there, for every input
  std::optional<solvers::Region> roi;  // --roi X,Y,W,H
  bool select_roi = false;           // --roi select
  int jobs = 1;                      // --jobs N: photos deblurred at once
  std::string summary;               // --summary FILE.csv|FILE.json
  bool preview = false;
  std::string snapshots, trace;      // --snapshots DIR, --trace FILE.csv
  std::optional<int> threads;        // --threads N
  int verbosity = 0;                 // -q: -1, default 0, -v: 1
  bool finished = false;             // --help or --version was printed: exit 0
};

// Parses argv. Prints --help/--version to stdout and sets `finished`. Throws BadInput with one line
// for anything malformed (unknown flag, missing value, even or negative kernel size, malformed --roi,
// missing INPUT/-o, -o with several inputs, options that exclude each other).
CommandLine parse_command_line(int argc, char** argv);

}  // namespace deblur::app
