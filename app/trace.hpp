#pragma once
// --trace: one CSV row per solver iteration, flushed as it goes so a stopped run keeps its rows.
#include "solvers/blind_deconvolution.hpp"

#include <fstream>
#include <string>

namespace deblur::app {

class TraceWriter {
 public:
  explicit TraceWriter(const std::string& path);  // throws RunFailure if the file cannot be created
  void write(const solvers::IterationInfo& info);

 private:
  std::string path_;
  std::ofstream out_;
};

}  // namespace deblur::app
