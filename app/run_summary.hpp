#pragma once
// --summary FILE.csv or FILE.json: one record per photo of the run (input, output, status, kernel
// size and support, the region its kernel was estimated on, seconds, error), written atomically once
// every photo is done.
#include "app/photo.hpp"

#include <string>
#include <vector>

namespace deblur::app {

// Throws BadInput unless `path` ends in .csv or .json and its folder is writable.
void check_summary_path(const std::string& path);

// Throws RunFailure if it cannot be written.
void write_summary(const std::string& path, const std::vector<PhotoOutcome>& outcomes);

}  // namespace deblur::app
