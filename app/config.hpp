#pragma once
// The TOML configuration: reading a file, `--set section.key=value`, and printing the effective
// configuration as a valid file. All three walk describe(Settings&), so any field the solver adds to
// its Options is configurable here without touching this code.
#include "app/settings.hpp"

#include <string>

namespace deblur::app {

// Applies every key of the TOML file at `path`. Throws BadInput naming file:line, the key and the
// allowed range for a malformed file, an unknown section or key, a wrong type, NaN/Inf or a value out
// of range.
void load_config_file(const std::string& path, Settings& settings);

// Applies one `section.key=value` assignment; throws BadInput like load_config_file.
void apply_assignment(const std::string& assignment, Settings& settings);

// The effective configuration as TOML: every key with its documentation, range and default as a
// comment. Feeding it back through load_config_file reproduces `settings` exactly.
std::string print_config(Settings& settings);

}  // namespace deblur::app
