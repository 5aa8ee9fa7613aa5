#pragma once
// --trace: one CSV row per solver iteration, flushed as it goes so a stopped run keeps its rows. The
// file is created at the first iteration, so a run refused before iterating leaves nothing behind.
#include "solvers/blind_deconvolution.hpp"

#include <fstream>
#include <string>

namespace deblur::app {

class TraceWriter {
 public:
  explicit TraceWriter(std::string path) : path_(std::move(path)) {}
  void write(const solvers::IterationInfo& info);  // throws RunFailure if the file cannot be written

 private:
  std::string path_;
  std::ofstream out_;
};

}  // namespace deblur::app
